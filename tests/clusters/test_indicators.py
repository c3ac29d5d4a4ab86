"""The indicator formulas, checked against values worked out by hand from rows of the
source files (copied below exactly as they stand in data/)."""

import pytest
from django.core.management import call_command

from clusters import indicators
from clusters.models import Assessment
from tests import factories

EU_ROWS = """\
nuts2,year,hightech_employment_share,research_institutes,incoming_erasmus_students,rd_expenditure_share_of_gdp
FI1B,2018,9.6,225.0,,
FI1B,2013,9.4,225.0,570.0,3.88
EU28,2018,4.1,,,
EU28,2013,3.9,,,2.02
"""

US_ROWS = """\
cbsa_code,metro_name,naics_code,naics_level,employment,establishments,year
42660,"Seattle-Tacoma-Bellevue, WA Metro Area",00,0,1806755,108500,2019
42660,"Seattle-Tacoma-Bellevue, WA Metro Area",3254,4,1686,37,2019
42660,"Seattle-Tacoma-Bellevue, WA Metro Area",3341,4,377,18,2019
42660,"Seattle-Tacoma-Bellevue, WA Metro Area",3342,4,489,17,2019
42660,"Seattle-Tacoma-Bellevue, WA Metro Area",3344,4,4312,40,2019
42660,"Seattle-Tacoma-Bellevue, WA Metro Area",3345,4,7518,105,2019
42660,"Seattle-Tacoma-Bellevue, WA Metro Area",3364,4,68790,89,2019
42660,"Seattle-Tacoma-Bellevue, WA Metro Area",5112,4,77120,510,2019
42660,"Seattle-Tacoma-Bellevue, WA Metro Area",5182,4,13559,344,2019
42660,"Seattle-Tacoma-Bellevue, WA Metro Area",5415,4,37408,2558,2019
42660,"Seattle-Tacoma-Bellevue, WA Metro Area",5417,4,13788,394,2019
"""

PATENT_ROWS = """\
cbsa_code,metro_name,area_type,year,patents
41940,"San Jose-Sunnyvale-Santa Clara, CA",metro,2010,10074
41940,"San Jose-Sunnyvale-Santa Clara, CA",metro,2015,14618
,"United States",us_total,2015,140969
"""

WORLD_BANK_ROWS = """\
country_iso3,country_name,indicator_code,indicator_name,year,value
DEU,Germany,GB.XPD.RSDV.GD.ZS,Research and development expenditure (% of GDP),2022,3.07096
DEU,Germany,GB.XPD.RSDV.GD.ZS,Research and development expenditure (% of GDP),2023,3.1539
DEU,Germany,SP.POP.SCIE.RD.P6,Researchers in R&D (per million people),2023,5926.07432
"""


def by_criterion(found):
    return {item.criterion: item for item in found}


@pytest.fixture
def eu_series(tmp_path):
    path = tmp_path / "eu.csv"
    path.write_text(EU_ROWS)
    return indicators.read_eu_series(path)


def test_eu_location_quotient_divides_by_the_eu28_share_of_the_same_year(eu_series):
    found = by_criterion(indicators.eu_region_indicators(eu_series, "FI1B"))

    # 9.6 / 4.1 = 2.3415 (the data's README gives 2.34 for Helsinki-Uusimaa in 2018)
    assert found["hightech-location-quotient"].value == 2.341
    assert found["hightech-location-quotient"].year == 2018
    assert found["hightech-employment-share"].value == 9.6


def test_eu_share_change_spans_five_years(eu_series):
    found = by_criterion(indicators.eu_region_indicators(eu_series, "FI1B"))

    # 9.6 in 2018 - 9.4 in 2013 = 0.2 percentage points
    assert found["hightech-share-change"].value == 0.2


def test_eu_counts_take_the_latest_year_with_a_value(eu_series):
    found = by_criterion(indicators.eu_region_indicators(eu_series, "FI1B"))

    assert (found["research-institutes"].year, found["research-institutes"].value) == (
        2018,
        225.0,
    )
    # Erasmus and R&D spending have no 2018 value: 2013 is the latest.
    assert found["incoming-erasmus-students"].year == 2013
    assert found["incoming-erasmus-students"].value == 570.0
    assert found["regional-rd-intensity"].value == 3.88


def test_a_region_without_data_yields_nothing(eu_series):
    assert indicators.eu_region_indicators(eu_series, "DE21") == []


def test_us_location_quotient_against_the_sum_of_all_metros(tmp_path):
    path = tmp_path / "us.csv"
    path.write_text(US_ROWS)
    metros, _only_seattle = indicators.read_us_employment(path)

    # High-tech: 1686 + 377 + 489 + 4312 + 7518 + 68790 + 77120 + 13559 + 37408
    # + 13788 = 225,047 of 1,806,755 employees = 12.456 %. The U.S. reference is
    # 5,089,358 of 122,485,576 = 4.155 %, so LQ = 12.456 / 4.155 = 2.998.
    found = by_criterion(
        indicators.us_employment_indicators(metros, 5089358 / 122485576, "42660")
    )

    assert found["hightech-employment-share"].value == 12.456
    assert found["hightech-location-quotient"].value == 2.998
    assert found["rd-establishments"].value == 394
    assert found["hightech-location-quotient"].year == 2019


def test_the_shipped_us_reference_is_the_sum_over_all_metros():
    _metros, reference = indicators.read_us_employment(
        indicators.DATA_DIR / "us_metro_hightech_employment.csv"
    )

    assert reference == pytest.approx(5089358 / 122485576)


def test_patent_growth_is_a_compound_annual_rate(tmp_path):
    path = tmp_path / "patents.csv"
    path.write_text(PATENT_ROWS)
    patents = indicators.read_us_patents(path)

    found = by_criterion(indicators.us_patent_indicators(patents, "41940"))

    # (14618 / 10074) ** (1 / 5) - 1 = 0.07730 a year
    assert found["patent-growth"].value == 7.73
    assert found["patents"].value == 14618
    assert "" not in patents


def test_country_indicators_take_the_latest_world_bank_year(tmp_path):
    path = tmp_path / "wb.csv"
    path.write_text(WORLD_BANK_ROWS)
    series = indicators.read_world_bank(path)

    found = by_criterion(indicators.country_indicators(series, "DE"))

    assert (
        found["national-rd-expenditure"].year,
        found["national-rd-expenditure"].value,
    ) == (2023, 3.154)
    assert found["national-researchers"].value == 5926.074
    assert indicators.country_indicators(series, "FR") == []


@pytest.mark.django_db
def test_the_import_stores_year_and_source_and_is_idempotent(capsys):
    finland = factories.make_region(country="FI", nuts2_code="FI1B")
    espoo = factories.make_cluster(region=finland)
    nowhere = factories.make_cluster(region=factories.make_region(country="TW"))

    call_command("import_indicators")
    first = capsys.readouterr().out
    count = Assessment.objects.count()
    call_command("import_indicators")
    second = capsys.readouterr().out

    lq = espoo.assessments.get(criterion__key="hightech-location-quotient")
    assert (lq.year, lq.value) == (2018, 2.341)
    assert lq.source.url == "https://doi.org/10.1016/j.dib.2020.106464"
    assert not nowhere.assessments.exists()
    assert f"skipped  {nowhere.slug}" in first
    assert Assessment.objects.count() == count
    assert f"0 assessments stored, {count} unchanged, 0 removed." in second


@pytest.mark.django_db
def test_the_import_removes_values_the_data_no_longer_gives():
    region = factories.make_region(country="FI", nuts2_code="FI1B")
    cluster = factories.make_cluster(region=region)
    indicators.import_indicators()

    region.nuts2_code = ""
    region.save()
    indicators.import_indicators()

    assert not cluster.assessments.filter(
        criterion__key="hightech-location-quotient"
    ).exists()
    assert cluster.assessments.filter(criterion__key="national-rd-expenditure").exists()
