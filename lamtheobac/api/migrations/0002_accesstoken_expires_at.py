import datetime

from django.db import migrations, models
from django.db.models import F


def expire_after_90_days(apps, schema_editor):
    """Tokens made before expiry existed work 90 days from when they were made (already expired if older)."""
    AccessToken = apps.get_model("api", "AccessToken")
    AccessToken.objects.update(expires_at=F("created_at") + datetime.timedelta(days=90))


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="accesstoken",
            name="expires_at",
            field=models.DateTimeField(default=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC), verbose_name="Hết hạn"),
            preserve_default=False,
        ),
        migrations.RunPython(expire_after_90_days, migrations.RunPython.noop),
    ]
