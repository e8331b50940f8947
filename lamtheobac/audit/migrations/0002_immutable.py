"""The database itself refuses to change an audit entry, and on PostgreSQL (production) to delete one.

SQLite gets no delete trigger: Django empties its tables with DELETE (``flush``, which tests and a restore
rely on), where PostgreSQL uses TRUNCATE, which row triggers do not see. The application refuses deletes
on both (``Entry.delete``, the queryset's ``delete``)."""

from django.db import migrations

MESSAGE = "Nhật ký hệ thống chỉ ghi thêm, không sửa, không xóa được."

PG = f"""
CREATE OR REPLACE FUNCTION audit_entry_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '{MESSAGE}';
END $$;
CREATE TRIGGER audit_entry_immutable BEFORE UPDATE OR DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_immutable();
"""
PG_UNDO = "DROP TRIGGER IF EXISTS audit_entry_immutable ON audit_entry; DROP FUNCTION IF EXISTS audit_entry_immutable();"

SQLITE = [
    f"CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_UNDO = ["DROP TRIGGER IF EXISTS audit_entry_no_update;"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG)
    elif vendor == "sqlite":
        for sql in SQLITE:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UNDO)
    elif vendor == "sqlite":
        for sql in SQLITE_UNDO:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
