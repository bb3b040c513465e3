"""The database refuses a score from a juror for a nominee they declared a conflict with.

A trigger, on SQLite and PostgreSQL alike, so that no path (ORM, admin, raw SQL) can write one.
On SQLite a later migration that rebuilds jury_score drops the trigger: create it again there.
"""

from django.db import migrations

MESSAGE = "the juror has a conflict of interest with this nominee"
CONDITION = (
    "EXISTS (SELECT 1 FROM jury_conflictofinterest c "
    "WHERE c.juror_id = NEW.juror_id AND c.nominee_id = NEW.nominee_id)"
)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(
                f"CREATE TRIGGER jury_score_conflict_{event.lower()} BEFORE {event} ON jury_score "
                f"WHEN {CONDITION} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
            )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION jury_score_refuse_conflict() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN IF {CONDITION} THEN "
            f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; "
            "END IF; RETURN NEW; END $$;"
        )
        schema_editor.execute(
            "CREATE TRIGGER jury_score_conflict BEFORE INSERT OR UPDATE ON jury_score "
            "FOR EACH ROW EXECUTE FUNCTION jury_score_refuse_conflict();"
        )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS jury_score_conflict_insert;")
        schema_editor.execute("DROP TRIGGER IF EXISTS jury_score_conflict_update;")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS jury_score_conflict ON jury_score;")
        schema_editor.execute("DROP FUNCTION IF EXISTS jury_score_refuse_conflict();")


class Migration(migrations.Migration):
    dependencies = [("jury", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
