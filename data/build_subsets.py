"""Rebuild the indicator data subsets in this folder from the full open data files.

Usage: python data/build_subsets.py /path/to/shared/data

Only the columns and rows the portal computes indicators from are kept; values are
copied unchanged. docs/data.md says where each full file comes from and how to refresh
it.
"""

import csv
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

EU_COLUMNS = {
    "NUTS2": "nuts2",
    "YEAR": "year",
    "htec_emp_reg2_NACE_R2_HTC__UNIT_PC_EMP__SEX_T": "hightech_employment_share",
    "GRID_COUNT": "research_institutes",
    "ERASMUS_TO_COUNT": "incoming_erasmus_students",
    "rd_e_gerdreg_SECTPERF_TOTAL__UNIT_PC_GDP": "rd_expenditure_share_of_gdp",
}

# The NAICS 2017 industries counted as high-tech, and total employment ("00").
US_INDUSTRIES = {
    "00",
    "3254",
    "3341",
    "3342",
    "3344",
    "3345",
    "3364",
    "5112",
    "5182",
    "5415",
    "5417",
}


def build_eu(source_dir):
    with (source_dir / "eu_regions_indicators.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    target = HERE / "eu_nuts2_indicators.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EU_COLUMNS.values())
        for row in rows:
            values = [row[column] for column in EU_COLUMNS]
            if any(values[2:]):
                writer.writerow(values)


def build_us_employment(source_dir):
    source = source_dir / "us_metro_industry_employment.csv"
    target = HERE / "us_metro_hightech_employment.csv"
    with (
        source.open(encoding="utf-8") as handle,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        reader = csv.DictReader(handle)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
        writer.writeheader()
        for row in reader:
            if row["naics_code"] in US_INDUSTRIES:
                writer.writerow(row)


def coordinates(geometry):
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    for polygon in polygons:
        for ring in polygon:
            yield from ring


def build_country_bounds(source_dir):
    """Bounding box and continent of each country, to check seed coordinates."""
    shapes = json.loads((source_dir / "world_countries_110m.geojson").read_text())
    bounds = {}
    for feature in shapes["features"]:
        code = feature["properties"]["ISO_A2"]
        if not code:
            continue
        points = list(coordinates(feature["geometry"]))
        longitudes = [point[0] for point in points]
        latitudes = [point[1] for point in points]
        bounds[code] = {
            "name": feature["properties"]["NAME"],
            "continent": feature["properties"]["CONTINENT"],
            "bbox": [min(longitudes), min(latitudes), max(longitudes), max(latitudes)],
        }
    target = HERE / "country_bounds.json"
    target.write_text(json.dumps(bounds, indent=0, sort_keys=True) + "\n")


def main(source_dir):
    build_eu(source_dir)
    build_country_bounds(source_dir)
    build_us_employment(source_dir)
    for name in ["us_metro_patents.csv", "worldbank_rd.csv"]:
        shutil.copyfile(source_dir / name, HERE / name)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else HERE.parent.parent / "shared/data"))
