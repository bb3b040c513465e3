"""The database refuses to change an audit entry, whoever asks (the ORM, the admin, raw SQL).

UPDATE is refused on SQLite and PostgreSQL. On SQLite, Django rebuilds a table to alter it and the
rebuild drops its triggers: a later migration that alters audit_auditentry must create this one
again (kaaring/audit/tests/test_append_only.py fails until it does).

DELETE is left to the database administrator: Django's test flush empties tables with DELETE on
SQLite, and a retention rule may one day need it.
"""

from django.db import migrations

MESSAGE = "audit entries are append-only"


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION audit_auditentry_refuse_update() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation'; "
            "END $$;"
        )
        schema_editor.execute(
            "CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry "
            "FOR EACH ROW EXECUTE FUNCTION audit_auditentry_refuse_update();"
        )


def drop_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_auditentry_no_update;")
    elif vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS audit_auditentry_no_update ON audit_auditentry;"
        )
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_auditentry_refuse_update();")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
