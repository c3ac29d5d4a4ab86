"""A stored, indexed search vector for cooperation requests (PostgreSQL), and an index
that serves the board's newest-first order.

Without them every search of the board computed the vector of every open request from
its text, and every page of the board sorted all open requests.

The vector (title A, description B, organisation C, as portal.search.REQUESTS weighs
them) is written by a trigger on every insert and update, bulk writes included. Other
databases get the (always empty) column only: their search matches words.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

from portal.migration_operations import AddIndexOnPostgreSQL, RunSQLOnPostgreSQL

CREATE_TRIGGER = """
CREATE OR REPLACE FUNCTION cooperation_request_search_vector_update()
RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english'::regconfig, COALESCE(NEW.title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig,
            COALESCE(NEW.description, '')), 'B')
        || setweight(to_tsvector('english'::regconfig,
            COALESCE(NEW.organisation, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER cooperation_request_search_vector_update
    BEFORE INSERT OR UPDATE ON cooperation_cooperationrequest
    FOR EACH ROW EXECUTE FUNCTION cooperation_request_search_vector_update();

UPDATE cooperation_cooperationrequest SET search_vector = NULL;
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS cooperation_request_search_vector_update
    ON cooperation_cooperationrequest;
DROP FUNCTION IF EXISTS cooperation_request_search_vector_update();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0002_editors_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="cooperationrequest",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.AddIndex(
            model_name="cooperationrequest",
            index=models.Index(
                fields=["published_at", "id"], name="request_published_idx"
            ),
        ),
        # One statement each: psycopg runs the whole script, $$ quoting and all.
        RunSQLOnPostgreSQL([CREATE_TRIGGER], [DROP_TRIGGER], elidable=False),
        AddIndexOnPostgreSQL(
            model_name="cooperationrequest",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="request_search_vector"
            ),
        ),
    ]
