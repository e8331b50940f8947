"""The years opened before the catalogue keep their text, and each distinct text an org wrote becomes a theme
of that org's catalogue for the years it was used (several years: the whole-term theme); the period points at
it. Chỉ thị 01-CT/TW (23/01/2026) of the Politburo on studying the 14th Congress's resolution joins the
programmes a year (and its study sessions) may serve."""

from django.db import migrations

CT01 = (
    "CT01-2026",
    "Chỉ thị số 01-CT/TW, ngày 23/01/2026 của Bộ Chính trị về nghiên cứu, học tập, quán triệt, tuyên truyền "
    "và triển khai thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
    "Chỉ thị 01 (Nghị quyết Đại hội XIV)",
)


def forward(apps, schema_editor):
    Programme = apps.get_model("cycle", "Programme")
    code, name, short = CT01
    Programme.objects.update_or_create(
        code=code, defaults={"name": name, "short_name": short, "is_core": False, "sort_order": 3}
    )
    Period = apps.get_model("cycle", "Period")
    Theme = apps.get_model("cycle", "Theme")
    groups = {}
    for period in Period.objects.exclude(theme="").filter(catalogue_theme__isnull=True).order_by("year", "id"):
        groups.setdefault((period.org_id, period.theme.strip()), []).append(period)
    for (org_id, title), periods in groups.items():
        years = [p.year for p in periods]
        theme = Theme.objects.create(
            org_id=org_id,
            kind="term" if len(set(years)) > 1 else "yearly",
            title=title[:500],
            first_year=min(years),
            last_year=max(years),
        )
        Period.objects.filter(pk__in=[p.pk for p in periods]).update(catalogue_theme=theme)


def backward(apps, schema_editor):
    Period = apps.get_model("cycle", "Period")
    Period.objects.update(catalogue_theme=None)
    apps.get_model("cycle", "Theme").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cycle", "0008_theme_catalogue")]
    operations = [migrations.RunPython(forward, backward)]
