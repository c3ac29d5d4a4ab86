"""The project's select list renders the same HTML as Django's own, only faster."""

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.test.html import parse_html

COUNTRIES = [("", "All countries"), ("DE", "Germany"), ("FR", "France & <Monaco>")]


def both_renderings(widget, value, attrs=None):
    ours = widget.render("country", value, attrs=attrs)
    djangos = widget.render("country", value, attrs=attrs, renderer=DjangoTemplates())
    return parse_html(ours), parse_html(djangos)


def test_select_lists_render_through_the_projects_template():
    template = get_default_renderer().get_template("django/forms/widgets/select.html")

    assert template.origin.name == str(
        settings.BASE_DIR / "templates" / "django" / "forms" / "widgets" / "select.html"
    )


@pytest.mark.parametrize("value", ["", "DE", "XX"])
def test_a_select_list_renders_as_django_renders_it(value):
    widget = forms.Select(choices=COUNTRIES)

    ours, djangos = both_renderings(widget, value, attrs={"id": "id_country"})

    assert ours == djangos


def test_option_groups_and_multiple_choices_render_as_django_renders_them():
    widget = forms.SelectMultiple(
        choices=[("Europe", [("DE", "Germany"), ("FR", "France")]), ("US", "USA")]
    )

    ours, djangos = both_renderings(widget, ["FR", "US"])

    assert ours == djangos
    assert '<option selected value="FR">' in str(ours)


def test_labels_are_escaped():
    html = forms.Select(choices=COUNTRIES).render("country", "")

    assert "France &amp; &lt;Monaco&gt;" in html
    assert "<Monaco>" not in html


class DataOption(forms.Select):
    """A widget whose options carry attributes of their own."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["data-code"] = option["value"]
        return option


class OwnOptionTemplate(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"


@pytest.mark.parametrize("widget_class", [DataOption, OwnOptionTemplate])
def test_widgets_with_their_own_options_render_as_django_renders_them(widget_class):
    ours, djangos = both_renderings(widget_class(choices=COUNTRIES), "DE")

    assert ours == djangos
