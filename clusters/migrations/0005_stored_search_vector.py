"""A stored search vector for portraits, kept by a trigger and indexed (PostgreSQL).

The expression index of 0004 let PostgreSQL find matching portraits quickly, but
ranking them still computed every match's vector from its text: about 1.6 ms per
matching portrait, seconds for a common word among 10,000 portraits. The column holds
CLUSTER_SEARCH_VECTOR (clusters/models.py) instead, written by a trigger on every
insert and update, bulk writes included, and the GIN index moves to it.

Other databases get the (always empty) column only: their search matches words.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

from portal.migration_operations import (
    AddIndexOnPostgreSQL,
    RemoveIndexOnPostgreSQL,
    RunSQLOnPostgreSQL,
)

# The same document as CLUSTER_SEARCH_VECTOR, as Django writes it in SQL.
CREATE_TRIGGER = """
CREATE OR REPLACE FUNCTION clusters_cluster_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english'::regconfig,
            COALESCE(NEW.name, '')), 'A')
        || setweight(to_tsvector('english'::regconfig,
            COALESCE(NEW.summary, '')), 'B')
        || setweight(to_tsvector('english'::regconfig,
            COALESCE(NEW.international_attractiveness, '') || ' '
            || COALESCE(NEW.thematic_strengths, '')), 'C')
        || setweight(to_tsvector('english'::regconfig,
            COALESCE(NEW.actors_and_networks, '') || ' '
            || COALESCE(NEW.developmental_dynamics, '')), 'D');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER clusters_cluster_search_vector_update
    BEFORE INSERT OR UPDATE ON clusters_cluster
    FOR EACH ROW EXECUTE FUNCTION clusters_cluster_search_vector_update();

UPDATE clusters_cluster SET search_vector = NULL;
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS clusters_cluster_search_vector_update ON clusters_cluster;
DROP FUNCTION IF EXISTS clusters_cluster_search_vector_update();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0004_search_vector"),
    ]

    operations = [
        RemoveIndexOnPostgreSQL(
            model_name="cluster",
            name="cluster_search_vector",
        ),
        migrations.AddField(
            model_name="cluster",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        # One statement each: psycopg runs the whole script, $$ quoting and all.
        RunSQLOnPostgreSQL([CREATE_TRIGGER], [DROP_TRIGGER], elidable=False),
        AddIndexOnPostgreSQL(
            model_name="cluster",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="cluster_search_vector"
            ),
        ),
    ]
