"""The database refuses to change or delete a ballot, whoever asks (ORM, admin, raw SQL).

Invalidations and other decisions about a ballot are rows of their own. On SQLite, Django
rebuilds a table to alter it and the rebuild drops its triggers: a later migration that alters
voting_ballot must create these again (kaaring/voting/tests/test_ballot_rules.py fails until it
does). TRUNCATE, a deliberate act of the database administrator, is not covered.
"""

from django.db import migrations

MESSAGE = "ballots are append-only"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for event in ("UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER voting_ballot_no_{event.lower()} BEFORE {event} ON voting_ballot "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
            )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION voting_ballot_refuse_change() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation'; "
            "END $$;"
        )
        schema_editor.execute(
            "CREATE TRIGGER voting_ballot_no_change BEFORE UPDATE OR DELETE ON voting_ballot "
            "FOR EACH ROW EXECUTE FUNCTION voting_ballot_refuse_change();"
        )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS voting_ballot_no_update;")
        schema_editor.execute("DROP TRIGGER IF EXISTS voting_ballot_no_delete;")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS voting_ballot_no_change ON voting_ballot;")
        schema_editor.execute("DROP FUNCTION IF EXISTS voting_ballot_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("voting", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
