"""A record returned for correction no longer counts as filed (``cycle.workflow.filed_q``): the maintained
counts were kept the old way. Every year is marked not built, so the dashboard counts from the records (right
at once) until ``manage.py reconcile`` builds the years again the new way."""

from django.db import migrations


def unbuild(apps, schema_editor):
    apps.get_model("reports", "TallyYear").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0004_data_stamp"),
    ]

    operations = [migrations.RunPython(unbuild, migrations.RunPython.noop)]
