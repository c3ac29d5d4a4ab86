"""GIN indexes over the two search documents of regions (PostgreSQL only).

The search page matches regions by name and description, and finds portraits by their
region's name; without these indexes both computed the document of every region on
every search.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

from portal.migration_operations import AddIndexOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0005_stored_search_vector"),
    ]

    operations = [
        AddIndexOnPostgreSQL(
            model_name="region",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.SearchVector(
                        "name", config="english", weight="A"
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        "description", config="english", weight="B"
                    ),
                    django.contrib.postgres.search.SearchConfig("english"),
                ),
                name="region_search_vector",
            ),
        ),
        AddIndexOnPostgreSQL(
            model_name="region",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.SearchVector("name", config="english"),
                name="region_name_search_vector",
            ),
        ),
    ]
