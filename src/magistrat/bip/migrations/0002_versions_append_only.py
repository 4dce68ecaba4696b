"""Published BIP versions never change, in the database itself: triggers refuse UPDATE (and, on
PostgreSQL, DELETE) of bip_itemversion, whatever path (ORM, raw SQL, a database console) tries it.
The ORM refuses both everywhere (ItemVersion.save/delete and its queryset). On SQLite DELETE stays
possible for the database itself because emptying a test or demo database deletes rows; PostgreSQL
empties tables with TRUNCATE, which row triggers do not see."""

from django.db import migrations

POSTGRES = """
CREATE OR REPLACE FUNCTION magistrat_bip_version_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'bip_itemversion is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS bip_itemversion_immutable ON bip_itemversion;
CREATE TRIGGER bip_itemversion_immutable
    BEFORE UPDATE OR DELETE ON bip_itemversion
    FOR EACH ROW EXECUTE FUNCTION magistrat_bip_version_immutable();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS bip_itemversion_immutable ON bip_itemversion;
DROP FUNCTION IF EXISTS magistrat_bip_version_immutable();
"""
SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS bip_itemversion_no_update BEFORE UPDATE ON bip_itemversion
       BEGIN SELECT RAISE(ABORT, 'bip_itemversion is append-only: UPDATE refused'); END;""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS bip_itemversion_no_update;"]


def install(connection) -> None:
    """Create the triggers (again). SQLite drops a table's triggers when a later migration rebuilds
    the table, so the app also calls this after every migrate (bip/apps.py)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES)
        elif connection.vendor == "sqlite":
            for statement in SQLITE:
                cursor.execute(statement)


def forwards(apps, schema_editor):
    install(schema_editor.connection)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("bip", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
