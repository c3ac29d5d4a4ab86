"""Harmonised indicators computed from the open data sets in data/.

Each `*_indicators` function reads one data set and yields `Indicator` values for the
clusters whose region it covers; `import_indicators()` stores them as assessments with
their year and source. Formulas are the ones documented in clusters/criteria.py and
docs/methodology.md; docs/data.md says where each file comes from.
"""

import csv
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django_countries import countries

from .criteria import sync_criteria
from .models import Assessment, Cluster, Source
from .scoring import deferred_scoring, recompute_all

logger = logging.getLogger(__name__)

DATA_DIR = settings.BASE_DIR / "data"

US_HIGHTECH_NAICS = frozenset(
    ["3254", "3341", "3342", "3344", "3345", "3364", "5112", "5182", "5415", "5417"]
)
US_RESEARCH_NAICS = "5417"
PATENT_GROWTH_YEARS = (2010, 2015)
SHARE_CHANGE_SPAN = 5
EU_REFERENCE = "EU28"

SOURCES = {
    "eu": {
        "title": "Data describing the regional Industry 4.0 readiness index "
        "(figures from Eurostat)",
        "publisher": "Honti, Czvetkó & Abonyi, Data in Brief 33 (CC BY 4.0)",
        "url": "https://doi.org/10.1016/j.dib.2020.106464",
        "year": 2020,
    },
    "cbp": {
        "title": "County Business Patterns 2019",
        "publisher": "U.S. Census Bureau",
        "url": "https://www.census.gov/programs-surveys/cbp.html",
        "year": None,
    },
    "patents": {
        "title": "Patent counts by metropolitan and micropolitan area",
        "publisher": "U.S. Patent and Trademark Office, Patent Technology "
        "Monitoring Team",
        "url": "https://www.uspto.gov/web/offices/ac/ido/oeip/taf/cls_cbsa/"
        "allcbsa_gd.htm",
        "year": None,
    },
    "GB.XPD.RSDV.GD.ZS": {
        "title": "Research and development expenditure (% of GDP), "
        "World Development Indicators (data reshaped)",
        "publisher": "World Bank, from the UNESCO Institute for Statistics (CC BY 4.0)",
        "url": "https://data.worldbank.org/indicator/GB.XPD.RSDV.GD.ZS",
        "year": 2026,
    },
    "SP.POP.SCIE.RD.P6": {
        "title": "Researchers in R&D (per million people), "
        "World Development Indicators (data reshaped)",
        "publisher": "World Bank, from the UNESCO Institute for Statistics (CC BY 4.0)",
        "url": "https://data.worldbank.org/indicator/SP.POP.SCIE.RD.P6",
        "year": 2026,
    },
}

WORLD_BANK_CRITERIA = {
    "GB.XPD.RSDV.GD.ZS": "national-rd-expenditure",
    "SP.POP.SCIE.RD.P6": "national-researchers",
}


@dataclass(frozen=True)
class Indicator:
    criterion: str
    year: int
    value: float
    source: str
    note: str = ""


@dataclass
class ImportReport:
    stored: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list = field(default_factory=list)


def read_csv(path):
    with Path(path).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def number(text):
    return float(text) if text not in ("", None) else None


def latest(series):
    """The (year, value) with the highest year of a {year: value} series."""
    year = max(series)
    return year, series[year]


# Europe ---------------------------------------------------------------------------


def read_eu_series(path):
    """{(nuts2, column): {year: value}} for every non-empty cell."""
    series = defaultdict(dict)
    for row in read_csv(path):
        for column, text in row.items():
            if column in ("nuts2", "year") or text == "":
                continue
            series[row["nuts2"], column][int(row["year"])] = float(text)
    return series


def eu_region_indicators(series, nuts2):
    """The European indicators of one NUTS 2 region."""
    found = []
    share = series.get((nuts2, "hightech_employment_share"))
    reference = series.get((EU_REFERENCE, "hightech_employment_share"), {})
    if share:
        year, value = latest(share)
        found.append(Indicator("hightech-employment-share", year, value, "eu"))
        common = sorted(set(share) & set(reference))
        if common:
            year = common[-1]
            found.append(
                Indicator(
                    "hightech-location-quotient",
                    year,
                    round(share[year] / reference[year], 3),
                    "eu",
                    f"{nuts2} share {share[year]} % against EU28 {reference[year]} %",
                )
            )
        start = year - SHARE_CHANGE_SPAN
        if start in share:
            found.append(
                Indicator(
                    "hightech-share-change",
                    year,
                    round(share[year] - share[start], 2),
                    "eu",
                    f"{share[start]} % in {start} to {share[year]} % in {year}",
                )
            )

    for column, criterion in [
        ("research_institutes", "research-institutes"),
        ("incoming_erasmus_students", "incoming-erasmus-students"),
        ("rd_expenditure_share_of_gdp", "regional-rd-intensity"),
    ]:
        values = series.get((nuts2, column))
        if values:
            year, value = latest(values)
            found.append(Indicator(criterion, year, value, "eu", f"NUTS 2 {nuts2}"))
    return found


# United States --------------------------------------------------------------------


def read_us_employment(path):
    """Per metro: total employees, high-tech employees, R&D establishments; and the
    sums over all metros that serve as the U.S. reference."""
    metros = defaultdict(lambda: {"total": None, "hightech": 0, "research": None})
    for row in read_csv(path):
        metro = metros[row["cbsa_code"]]
        code = row["naics_code"]
        if code == "00":
            metro["total"] = int(row["employment"])
            metro["year"] = int(row["year"])
        elif code in US_HIGHTECH_NAICS:
            # A missing industry row is not a zero, but it adds nothing to the sum.
            metro["hightech"] += int(row["employment"])
        if code == US_RESEARCH_NAICS:
            metro["research"] = int(row["establishments"])
    total = sum(metro["total"] or 0 for metro in metros.values())
    hightech = sum(metro["hightech"] for metro in metros.values())
    return dict(metros), hightech / total


def us_employment_indicators(metros, reference_share, cbsa):
    metro = metros.get(cbsa)
    if not metro or not metro["total"]:
        return []

    share = metro["hightech"] / metro["total"]
    year = metro["year"]
    found = [
        Indicator(
            "hightech-employment-share",
            year,
            round(100 * share, 3),
            "cbp",
            f"CBSA {cbsa}: {metro['hightech']} of {metro['total']} employees",
        ),
        Indicator(
            "hightech-location-quotient",
            year,
            round(share / reference_share, 3),
            "cbp",
            f"CBSA {cbsa} against all U.S. metro and micro areas "
            f"({100 * reference_share:.2f} %)",
        ),
    ]
    if metro["research"] is not None:
        found.append(
            Indicator(
                "rd-establishments", year, metro["research"], "cbp", f"CBSA {cbsa}"
            )
        )
    return found


def read_us_patents(path):
    patents = defaultdict(dict)
    for row in read_csv(path):
        if row["area_type"] in ("metro", "micro") and row["cbsa_code"]:
            patents[row["cbsa_code"]][int(row["year"])] = int(row["patents"])
    return patents


def us_patent_indicators(patents, cbsa):
    series = patents.get(cbsa)
    if not series:
        return []

    first, last = PATENT_GROWTH_YEARS
    found = []
    if last in series:
        found.append(
            Indicator("patents", last, series[last], "patents", f"CBSA {cbsa}")
        )
    if series.get(first) and last in series:
        growth = (series[last] / series[first]) ** (1 / (last - first)) - 1
        found.append(
            Indicator(
                "patent-growth",
                last,
                round(100 * growth, 2),
                "patents",
                f"{series[first]} patents in {first}, {series[last]} in {last}",
            )
        )
    return found


# Countries ------------------------------------------------------------------------


def read_world_bank(path):
    """{(iso3, indicator code): {year: value}}."""
    series = defaultdict(dict)
    for row in read_csv(path):
        series[row["country_iso3"], row["indicator_code"]][int(row["year"])] = float(
            row["value"]
        )
    return series


def country_indicators(series, country_code):
    iso3 = countries.alpha3(country_code)
    found = []
    for indicator_code, criterion in WORLD_BANK_CRITERIA.items():
        values = series.get((iso3, indicator_code))
        if values:
            year, value = latest(values)
            found.append(
                Indicator(
                    criterion,
                    year,
                    round(value, 3),
                    indicator_code,
                    f"{countries.name(country_code)}",
                )
            )
    return found


# Storing --------------------------------------------------------------------------


def cluster_indicators(cluster, data):
    region = cluster.region
    found = []
    if region.nuts2_code:
        found += eu_region_indicators(data["eu"], region.nuts2_code)
    if region.cbsa_code:
        found += us_employment_indicators(
            data["us_metros"], data["us_reference"], region.cbsa_code
        )
        found += us_patent_indicators(data["patents"], region.cbsa_code)
    found += country_indicators(data["world_bank"], region.country.code)
    return found


def missing_data(cluster, found):
    """Why a cluster got fewer indicators than a data set could give, for the report."""
    region = cluster.region
    regional = {item.source for item in found} - set(WORLD_BANK_CRITERIA)
    reasons = []
    if not region.nuts2_code and not region.cbsa_code:
        reasons.append(f"{cluster.slug}: no regional data set covers {region}")
    elif not regional:
        code = region.nuts2_code or region.cbsa_code
        reasons.append(f"{cluster.slug}: no regional data for {code}")
    if not regional and len(found) == 0:
        reasons.append(f"{cluster.slug}: no World Bank data for {region.country.code}")
    return reasons


def load_data(data_dir):
    logger.info("Reading the open data in %s", data_dir)
    us_metros, us_reference = read_us_employment(
        data_dir / "us_metro_hightech_employment.csv"
    )
    return {
        "eu": read_eu_series(data_dir / "eu_nuts2_indicators.csv"),
        "us_metros": us_metros,
        "us_reference": us_reference,
        "patents": read_us_patents(data_dir / "us_metro_patents.csv"),
        "world_bank": read_world_bank(data_dir / "worldbank_rd.csv"),
    }


def source_records():
    accessed = date(2026, 12, 3)
    records = {}
    for key, values in SOURCES.items():
        source, _created = Source.objects.get_or_create(
            url=values["url"], defaults={**values, "accessed": accessed}
        )
        records[key] = source
    return records


def store(cluster, indicator, criteria, sources, report):
    criterion = criteria[indicator.criterion]
    values = {
        "value": indicator.value,
        "source": sources[indicator.source],
        "note": indicator.note,
    }
    assessment, created = Assessment.objects.get_or_create(
        cluster=cluster, criterion=criterion, year=indicator.year, defaults=values
    )
    if created:
        report.stored += 1
        return assessment
    if any(getattr(assessment, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(assessment, name, value)
        assessment.save()
        report.stored += 1
    else:
        report.unchanged += 1
    return assessment


@transaction.atomic
def import_indicators(data_dir=DATA_DIR, progress=None):
    """Compute and store every indicator for every cluster; idempotent.

    Assessments of these criteria that the data no longer yields (a region changed, a
    data set was refreshed) are removed, so the table always matches the data.
    """
    report = ImportReport()
    criteria = sync_criteria()
    data = load_data(Path(data_dir))
    sources = source_records()
    imported_keys = {key for key in criteria if criteria[key].method == "quantitative"}

    clusters = Cluster.objects.select_related("region").order_by("slug")
    with deferred_scoring():
        for index, cluster in enumerate(clusters, start=1):
            found = cluster_indicators(cluster, data)
            report.skipped += missing_data(cluster, found)
            kept = [store(cluster, item, criteria, sources, report) for item in found]
            stale = cluster.assessments.filter(
                criterion__key__in=imported_keys
            ).exclude(pk__in=[assessment.pk for assessment in kept])
            report.removed += stale.delete()[0]
            if progress:
                progress(index, cluster, found)

    recompute_all()
    return report
