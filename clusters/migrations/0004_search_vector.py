"""The GIN index behind full-text search of portraits.

PostgreSQL only: other databases (SQLite in development) have no tsvector, so there the
index exists in the migration state alone and search falls back to plain matching.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

from portal.migration_operations import AddIndexOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0003_criterion_stars"),
    ]

    operations = [
        AddIndexOnPostgreSQL(
            model_name="cluster",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                "name", config="english", weight="A"
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                "summary", config="english", weight="B"
                            ),
                            django.contrib.postgres.search.SearchConfig("english"),
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            "international_attractiveness",
                            "thematic_strengths",
                            config="english",
                            weight="C",
                        ),
                        django.contrib.postgres.search.SearchConfig("english"),
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        "actors_and_networks",
                        "developmental_dynamics",
                        config="english",
                        weight="D",
                    ),
                    django.contrib.postgres.search.SearchConfig("english"),
                ),
                name="cluster_search_vector",
            ),
        ),
    ]
