"""Migration operations that touch the database only when it is PostgreSQL.

Full-text search uses PostgreSQL's tsvector, GIN indexes and triggers; other databases
(SQLite in development) have none of them. There these operations change the migration
state alone, so the models stay the same everywhere and search falls back to plain
matching.
"""

from django.db import migrations


def on_postgresql(schema_editor):
    return schema_editor.connection.vendor == "postgresql"


class OnPostgreSQLOnly:
    """Runs the operation's database side on PostgreSQL only; the state changes
    everywhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if on_postgresql(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if on_postgresql(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddIndexOnPostgreSQL(OnPostgreSQLOnly, migrations.AddIndex):
    pass


class RemoveIndexOnPostgreSQL(OnPostgreSQLOnly, migrations.RemoveIndex):
    pass


class RunSQLOnPostgreSQL(OnPostgreSQLOnly, migrations.RunSQL):
    pass
