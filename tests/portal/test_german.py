"""The interface in German: chosen by cookie, browser or the switcher, complete in the
catalogue, and leaving the content in the language it was written in."""

import ast
import re
from gettext import GNUTranslations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from clusters.criteria import DEFINITIONS, sync_criteria
from clusters.views import PORTRAITS_SHOWN
from tests import factories

pytestmark = pytest.mark.django_db

CATALOGUE = settings.BASE_DIR / "locale" / "de" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")

GERMAN_NAVIGATION = [
    "Länder",
    "Technologiefelder",
    "Fördermaßnahmen",
    "Vergleich",
    "Methodik",
    "Kooperationsbörse",
]


@pytest.fixture(autouse=True)
def back_to_the_default_language():
    """A German request leaves German active in the thread; later tests expect none."""
    yield
    translation.deactivate()


@pytest.fixture
def german(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    return client


def read_catalogue():
    """The .po entries as dicts of msgctxt, msgid, msgid_plural, msgstr[n] and
    flags; the header entry left out."""
    entries = []
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": set()}
        key = None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            else:
                key, _, quoted = line.partition(" ")
                entry[key] = ast.literal_eval(quoted)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def translations_of(entry):
    return [text for key, text in entry.items() if key.startswith("msgstr")]


# Choosing the language ------------------------------------------------------------


def test_english_is_the_default(client):
    response = client.get("/")

    assertContains(response, '<html lang="en">')
    for label in ["Countries", "Supporting measures", "Cooperation board"]:
        assertContains(response, label)
    assertNotContains(response, "Kooperationsbörse")


def test_the_language_cookie_turns_the_home_page_german(german):
    response = german.get("/")

    assertContains(response, '<html lang="de">')
    for label in GERMAN_NAVIGATION:
        assertContains(response, f">{label}</a>")
    assertContains(response, "Technologiecluster weltweit im Vergleich")
    assertContains(response, "Zum Inhalt springen")
    assertNotContains(response, "Supporting measures")


def test_the_map_names_countries_in_german(german, cluster):
    response = german.get("/")

    assertContains(response, "<title>Deutschland: 1 Porträt</title>")
    assertContains(response, "<title>Vereinigte Arabische Emirate</title>")


def test_a_browser_asking_for_german_gets_german(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")

    assertContains(response, '<html lang="de">')
    assertContains(response, ">Kooperationsbörse</a>")


def test_what_is_cached_for_german_visitors_stays_with_them(german, cluster):
    assertContains(german.get("/"), "noch kein Porträt")

    response = Client().get("/")

    assertContains(response, "no portrait yet")
    assertNotContains(response, "noch kein Porträt")


def test_an_unknown_language_falls_back_to_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="tlh")

    assertContains(response, '<html lang="en">')


def test_the_switcher_form_sets_german_and_returns_to_the_page(client):
    response = client.post(
        "/i18n/setlang/", {"language": "de", "next": "/methodology/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/methodology/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    assertContains(client.get("/methodology/"), '<html lang="de">')


def test_the_switcher_leads_back_to_english(german):
    german.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assertContains(german.get("/"), '<html lang="en">')


def test_the_switcher_ignores_a_language_the_portal_does_not_offer(german):
    german.post("/i18n/setlang/", {"language": "<script>", "next": "/"})

    assertContains(german.get("/"), '<html lang="de">')


def test_the_switcher_does_not_redirect_to_other_sites(client):
    response = client.post(
        "/i18n/setlang/", {"language": "de", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/"


# German pages ---------------------------------------------------------------------


def test_cached_choices_are_kept_apart_by_language(client, cluster):
    sync_criteria()
    assertContains(client.get("/clusters/"), ">Patent growth</option>")

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assertContains(client.get("/clusters/"), ">Patentwachstum</option>")

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assertContains(client.get("/clusters/"), ">Patent growth</option>")


def test_the_cluster_list_speaks_german(german, cluster):
    sync_criteria()

    response = german.get("/clusters/")

    assertContains(response, '<html lang="de">')
    assertContains(response, "1 Cluster gefunden")
    assertContains(response, "Alle Länder")
    assertContains(response, "Rangfolge nach Kriterium")
    assertContains(response, ">Patentwachstum</option>")
    assertContains(response, "Zum Vergleich hinzufügen")


def test_a_country_page_links_to_all_its_portraits_in_german(german, region):
    for _ in range(PORTRAITS_SHOWN + 1):
        factories.make_cluster(region=region)

    response = german.get("/countries/de/")

    assertContains(response, f"Alle {PORTRAITS_SHOWN + 1} Porträts ansehen")


def test_the_portrait_speaks_german_but_keeps_its_text(german, cluster):
    criterion = sync_criteria()["regional-rd-intensity"]
    factories.make_assessment(cluster, criterion, value=3.25, year=2017)

    response = german.get(cluster.get_absolute_url())

    for label in [
        "Internationale Attraktivität",
        "Wichtige Akteure",
        "Indikatoren und Punktwerte",
        "Regionale FuE-Ausgaben",
        "3.25 % des BIP",
        "Zuletzt geprüft",
        "k. A.",
    ]:
        assertContains(response, label)
    # The portrait itself is content, written in one language for every visitor.
    assertContains(response, "A summary.")
    assertContains(response, "Technical University of Munich")


def test_the_methodology_page_explains_the_criteria_in_german(german):
    sync_criteria()

    response = german.get("/methodology/")

    assertContains(response, "<h1>Methodik</h1>")
    assertContains(response, "Wie Punktwerte und Sterne berechnet werden")
    assertContains(response, "Hightech-Spezialisierung (Lokalisationsquotient)")
    assertContains(response, "Anzahl für 2019 (nur Vereinigte Staaten).")
    assertContains(response, "<dd>% pro Jahr</dd>")
    assertContains(response, "1: keine internationale Aktivität dokumentiert.")
    assertContains(response, "Welche Cluster porträtiert werden")


def test_the_cooperation_board_speaks_german(german, field):
    factories.make_cooperation_request(title="Partner for enzyme research")

    response = german.get("/cooperation/")

    assertContains(response, "<h1>Kooperationsbörse</h1>")
    assertContains(response, "Angebot oder Gesuch")
    assertContains(response, "1 offene Anfrage gefunden")
    assertContains(response, "Gesuch · Forschung und Entwicklung")
    assertContains(response, "Partner for enzyme research")


def test_a_german_page_with_a_missing_page_is_german(german):
    response = german.get("/clusters/no-such-cluster/")

    assert response.status_code == 404
    assertContains(response, "Seite nicht gefunden", status_code=404)


def test_a_request_posted_in_german_is_confirmed_in_german(german, mailoutbox):
    response = german.post("/cooperation/new/", factories.request_form_data())

    assert response.status_code == 302
    assert mailoutbox[0].subject.startswith("Bitte bestätigen Sie Ihre")
    assert "Guten Tag Dr. Erika Example," in mailoutbox[0].body


def test_form_errors_are_german(german):
    response = german.post(
        "/cooperation/new/", factories.request_form_data(contact_email="")
    )

    assertContains(response, "Bitte korrigieren Sie die markierten Felder")


# The catalogue --------------------------------------------------------------------


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = read_catalogue()

    assert len(entries) > 500
    assert [e["msgid"] for e in entries if not all(translations_of(e))] == []
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []


def test_translations_keep_every_placeholder():
    for entry in read_catalogue():
        expected = sorted(PLACEHOLDER.findall(entry.get("msgid_plural", "")))
        expected = expected or sorted(PLACEHOLDER.findall(entry["msgid"]))
        for text in translations_of(entry):
            assert sorted(PLACEHOLDER.findall(text)) == expected, entry["msgid"]


def test_the_compiled_catalogue_matches_the_source():
    with COMPILED.open("rb") as compiled:
        catalogue = GNUTranslations(compiled)._catalog

    for entry in read_catalogue():
        key = entry["msgid"]
        if "msgctxt" in entry:
            key = f"{entry['msgctxt']}\x04{key}"
        if "msgid_plural" in entry:
            key = (key, 0)
        assert catalogue.get(key) == translations_of(entry)[0], entry["msgid"]


@pytest.mark.parametrize("part", ["name", "definition", "measurement"])
def test_every_criterion_is_described_in_german(part):
    with translation.override("de"):
        untranslated = [
            definition["key"]
            for definition in DEFINITIONS
            if translation.gettext(definition[part]) == definition[part]
        ]

    assert untranslated == []
