from django.db import migrations

PROGRAMMES = [
    ("CT05", "Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
     "phong cách Hồ Chí Minh", "Chỉ thị 05", True, 0),
    ("NQTW4", "Nghị quyết Trung ương 4 (khóa XII) về tăng cường xây dựng, chỉnh đốn Đảng",
     "Nghị quyết TW4 khóa XII", False, 1),
    ("QD08", "Quy định số 08-QĐi/TW về trách nhiệm nêu gương của cán bộ, đảng viên",
     "Quy định 08 nêu gương", False, 2),
]


def add(apps, schema_editor):
    Programme = apps.get_model("cycle", "Programme")
    for code, name, short, core, order in PROGRAMMES:
        Programme.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short, "is_core": core, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("cycle", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
