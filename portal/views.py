"""Site-wide pages: the home page, search and the error pages."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from clusters.models import Cluster, SupportMeasure, TechnologyField

from . import fragments
from .forms import SearchForm
from .search import search
from .seo import absolute_url

RESULTS_PER_KIND = 10


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The same for every visitor and costly on a large data set: kept in the
        # cache until the content changes (portal.fragments). The cards are cached
        # as data, not HTML, because each carries the visitor's CSRF token.
        context.update(fragments.cached("home-figures", home_figures))
        context["featured_clusters"] = fragments.cached(
            "home-featured", featured_clusters
        )
        return context


def home_figures():
    published = Cluster.objects.published()
    return {
        "cluster_count": published.count(),
        "country_count": published.values("region__country").distinct().count(),
        "field_count": (
            TechnologyField.objects.filter(clusters__status=Cluster.Status.PUBLISHED)
            .distinct()
            .count()
        ),
        "measure_count": SupportMeasure.objects.count(),
    }


def featured_clusters(limit=6):
    """The featured portraits, or the most recently updated ones if none is."""
    published = Cluster.objects.published().for_cards()
    featured = list(published.filter(featured=True)[:limit])
    return featured or list(published.order_by("-updated")[:limit])


class SearchView(TemplateView):
    """One search box for everything public, results grouped by kind."""

    template_name = "portal/search.html"
    canonical_params = ("q",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        results = None
        if form.is_valid() and form.cleaned_data["q"]:
            results = search(form.cleaned_data["q"], limit=RESULTS_PER_KIND)

        context.update(form=form, results=results)
        return context


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: the failure may lie in a context processor.
    return render(request, "500.html", status=500)
