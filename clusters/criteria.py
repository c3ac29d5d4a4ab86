"""The uniform comparison criteria: one definition each, the single source of truth.

`sync_criteria()` writes these definitions to the Criterion table; the methodology page
and docs/methodology.md are rendered from those records, and the indicator import and
the scoring read them too.
"""

from django.utils.translation import gettext_noop

from .models import Criterion

Dimension = Criterion.Dimension
Method = Criterion.Method
StarBasis = Criterion.StarBasis

# Stars by percentile score: top half, top quarter, top decile of the clusters compared.
SCORE_STARS = [50, 75, 90]

EU_DATA = (
    "Eurostat regional statistics as compiled by Honti, Czvetkó & Abonyi (2020), "
    "CC BY 4.0"
)
US_CBP = "U.S. Census Bureau, County Business Patterns 2019"
US_PATENTS = "USPTO Patent Technology Monitoring Team, patents by metro area"
WORLD_BANK = "World Bank, World Development Indicators (UNESCO UIS data), CC BY 4.0"

DEFINITIONS = [
    {
        "key": "hightech-location-quotient",
        "name": gettext_noop("High-tech specialisation (location quotient)"),
        "dimension": Dimension.THEMATIC,
        "unit": "LQ",
        "definition": gettext_noop(
            "How much more (above 1) or less (below 1) of the region's employment is "
            "in high-tech sectors than in the reference economy."
        ),
        "measurement": gettext_noop(
            "LQ = high-tech share of the region / high-tech share of the reference, "
            "same year. Europe: NUTS 2 region against the EU28 (Eurostat high-tech "
            "sectors, NACE Rev. 2: high-tech manufacturing and knowledge-intensive "
            "high-tech services). United States: metro area against the sum of all "
            "933 metro and micro areas, with the NAICS industries 3254 "
            "pharmaceuticals, 3341 computers, 3342 communications equipment, 3344 "
            "semiconductors, 3345 instruments, 3364 aerospace, 5112 software "
            "publishers, 5182 data processing and hosting, 5415 computer systems "
            "design, 5417 scientific research and development. The two definitions "
            "are close but not identical: compare across the Atlantic only loosely."
        ),
        "data_source": f"{EU_DATA}; {US_CBP}",
        "star_basis": StarBasis.VALUE,
        "star_thresholds": [1.25, 1.5, 2.0],
    },
    {
        "key": "hightech-employment-share",
        "name": gettext_noop("High-tech employment share"),
        "dimension": Dimension.THEMATIC,
        "unit": "%",
        "definition": gettext_noop(
            "Employment in high-tech sectors as a share of all employment in the "
            "cluster's region."
        ),
        "measurement": gettext_noop(
            "Europe: Eurostat's regional high-tech employment share (labour force "
            "survey, by place of residence), latest year available. United States: "
            "employees in the high-tech NAICS industries divided by all employees of "
            "the metro area (County Business Patterns, by workplace), times 100."
        ),
        "data_source": f"{EU_DATA}; {US_CBP}",
    },
    {
        "key": "hightech-share-change",
        "name": gettext_noop("Change of the high-tech employment share"),
        "dimension": Dimension.DYNAMICS,
        "unit": gettext_noop("pp"),
        "definition": gettext_noop(
            "How the region's high-tech employment share moved over five years, in "
            "percentage points."
        ),
        "measurement": gettext_noop(
            "Share in the latest year minus the share five years earlier (Europe "
            "only; both years must have a value)."
        ),
        "data_source": EU_DATA,
        "star_basis": StarBasis.VALUE,
        "star_thresholds": [0.0, 0.5, 1.0],
    },
    {
        "key": "patent-growth",
        "name": gettext_noop("Patent growth"),
        "dimension": Dimension.DYNAMICS,
        "unit": gettext_noop("% a year"),
        "definition": gettext_noop(
            "Average yearly growth of utility patents granted to inventors in the "
            "metro area over five years."
        ),
        "measurement": gettext_noop(
            "Compound annual growth rate from 2010 to 2015: "
            "((patents 2015 / patents 2010) ^ (1/5) - 1) x 100, patents assigned to "
            "an area by the residence of the first-named inventor (United States "
            "only; 2010 must be above zero)."
        ),
        "data_source": US_PATENTS,
        "reference_year": 2015,
        "star_basis": StarBasis.VALUE,
        "star_thresholds": [0.0, 5.0, 10.0],
    },
    {
        "key": "patents",
        "name": gettext_noop("Utility patents granted"),
        "dimension": Dimension.THEMATIC,
        "unit": gettext_noop("patents"),
        "definition": gettext_noop(
            "Utility patents granted in one year to inventors living in the metro area."
        ),
        "measurement": gettext_noop(
            "Count for 2015, the latest year of the series, by residence of the "
            "first-named inventor (United States only)."
        ),
        "data_source": US_PATENTS,
        "reference_year": 2015,
    },
    {
        "key": "research-institutes",
        "name": gettext_noop("Research institutes"),
        "dimension": Dimension.ACTORS,
        "unit": gettext_noop("institutes"),
        "definition": gettext_noop(
            "Research institutions registered in the region in the Global Research "
            "Identifier Database (GRID)."
        ),
        "measurement": gettext_noop(
            "Count for the latest year available (Europe only)."
        ),
        "data_source": EU_DATA,
    },
    {
        "key": "rd-establishments",
        "name": gettext_noop("R&D service establishments"),
        "dimension": Dimension.ACTORS,
        "unit": gettext_noop("establishments"),
        "definition": gettext_noop(
            "Establishments in scientific research and development services (NAICS "
            "5417) in the metro area."
        ),
        "measurement": gettext_noop("Count for 2019 (United States only)."),
        "data_source": US_CBP,
        "reference_year": 2019,
    },
    {
        "key": "incoming-erasmus-students",
        "name": gettext_noop("Incoming Erasmus students"),
        "dimension": Dimension.INTERNATIONAL,
        "unit": gettext_noop("students"),
        "definition": gettext_noop(
            "Students of the Erasmus programme who chose the region as their "
            "destination: a measure of its pull on international talent."
        ),
        "measurement": gettext_noop(
            "Count for the latest year available (Europe only)."
        ),
        "data_source": EU_DATA,
    },
    {
        "key": "regional-rd-intensity",
        "name": gettext_noop("Regional R&D expenditure"),
        "dimension": Dimension.ACTORS,
        # xgettext:no-python-format
        "unit": gettext_noop("% of GDP"),
        "definition": gettext_noop(
            "Intramural R&D expenditure of all sectors in the region as a share of "
            "its GDP."
        ),
        "measurement": gettext_noop("Latest year available (Europe only)."),
        "data_source": EU_DATA,
    },
    {
        "key": "national-rd-expenditure",
        "name": gettext_noop("National R&D expenditure"),
        "dimension": Dimension.CONTEXT,
        # xgettext:no-python-format
        "unit": gettext_noop("% of GDP"),
        "definition": gettext_noop(
            "Gross domestic expenditure on research and development of the cluster's "
            "country as a share of its GDP."
        ),
        "measurement": gettext_noop(
            "World Bank indicator GB.XPD.RSDV.GD.ZS, latest year available for the "
            "country; the same value for every cluster in that country."
        ),
        "data_source": WORLD_BANK,
    },
    {
        "key": "national-researchers",
        "name": gettext_noop("Researchers per million people"),
        "dimension": Dimension.CONTEXT,
        "unit": gettext_noop("per million"),
        "definition": gettext_noop(
            "Researchers in R&D per million people in the cluster's country."
        ),
        "measurement": gettext_noop(
            "World Bank indicator SP.POP.SCIE.RD.P6, latest year available for the "
            "country; the same value for every cluster in that country."
        ),
        "data_source": WORLD_BANK,
    },
    {
        "key": "international-visibility",
        "name": gettext_noop("International visibility"),
        "dimension": Dimension.INTERNATIONAL,
        "method": Method.EDITORIAL,
        "unit": gettext_noop("rating 1-5"),
        "definition": gettext_noop(
            "An editor's rating of how visible and connected the cluster is "
            "internationally, on the rubric below, with a written justification and "
            "a source."
        ),
        "measurement": gettext_noop(
            "Rated by an editor in admin; never estimated automatically."
        ),
        "rubric": gettext_noop(
            "1: no international activity documented.\n"
            "2: occasional international contacts (delegations, single projects).\n"
            "3: regular international projects or a foreign office of its members.\n"
            "4: formal partnerships with clusters abroad and international members.\n"
            "5: a hub of international networks: several formal partnerships, "
            "international programmes led, and foreign companies and researchers "
            "attracted in numbers documented by a source."
        ),
        "data_source": gettext_noop("Editorial rating with a cited source"),
        "star_basis": StarBasis.VALUE,
        "star_thresholds": [3, 4, 5],
    },
]


def sync_criteria():
    """Write the definitions to the database; return the criteria by key."""
    criteria = {}
    for position, definition in enumerate(DEFINITIONS, start=1):
        values = {
            "method": Method.QUANTITATIVE,
            "higher_is_better": True,
            "star_basis": StarBasis.SCORE,
            "star_thresholds": SCORE_STARS,
            "rubric": "",
            "reference_year": None,
            **definition,
            "position": position,
        }
        key = values.pop("key")
        criterion = Criterion.objects.filter(key=key).first()
        if criterion is None:
            criterion = Criterion.objects.create(key=key, **values)
        elif any(getattr(criterion, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(criterion, name, value)
            criterion.save()
        criteria[key] = criterion
    return criteria


# The rules below are shown on /methodology/ and in docs/methodology.md alike.
SCORING_RULES = [
    gettext_noop(
        "Every criterion is measured the same way for every cluster it applies to, "
        "from the data source it names, for the year it states."
    ),
    gettext_noop(
        "For each criterion, each published cluster's most recent value is compared "
        "with the most recent values of all other published clusters that have one."
    ),
    gettext_noop(
        "The score is the cluster's percentile rank among them: 100 x (clusters with "
        "a worse value + (clusters with the same value - 1) / 2) / (clusters "
        "compared - 1). The best value scores 100, the worst 0, tied values share "
        "the mean of their ranks, and a cluster compared with no other scores 50."
    ),
    gettext_noop(
        "A cluster without a value is not compared: its score and stars are n/a, "
        "never zero, and the number of clusters compared is shown next to every "
        "score."
    ),
    gettext_noop(
        "Stars (0 to 3) follow the thresholds stated for each criterion, applied "
        "either to the value itself (for example a location quotient of at least 2 "
        "earns three stars, as the European Cluster Observatory's specialisation "
        "star does) or to the score (top half, top quarter, top decile)."
    ),
    gettext_noop(
        "Scores and stars are recomputed whenever an assessment changes or a "
        "portrait is published or withdrawn, and stored; nothing is estimated when a "
        "page is shown."
    ),
    gettext_noop(
        "Editorial ratings are judgements on a published rubric, entered by an "
        "editor with a written justification and a source, and always marked as "
        "editorial."
    ),
]

INCLUSION_RULES = [
    gettext_noop(
        "A portrait describes either a regional concentration of technology firms "
        "and institutions or a cluster initiative that organises one."
    ),
    gettext_noop(
        "It is a leading cluster in its field: recognised by a national or regional "
        "cluster programme, an international label, or documented in independent "
        "sources as a leading location of its technology field."
    ),
    gettext_noop(
        "Its existence and main actors can be verified in at least two independent "
        "public sources, which the portrait lists."
    ),
    gettext_noop(
        "Every fact is sourced; unknown values stay empty and are shown as n/a. Each "
        "portrait states when it was last verified."
    ),
    gettext_noop(
        "Portraits are written in our own words and published by an editor; drafts "
        "are never shown."
    ),
]
