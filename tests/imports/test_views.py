"""The import pages: upload, check, read the problems, import; the log and the file kept; scope."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from lamtheobac.imports.models import ImportJob, ImportStatus
from lamtheobac.organisation.models import Person

pytestmark = pytest.mark.django_db

HOME = reverse("imports:home")


def csv_file(rows: list[str], name: str = "danh-sach.csv") -> SimpleUploadedFile:
    content = "\ufeffHọ và tên,Đối tượng,Mã tổ chức,Năm sinh\n" + "\n".join(rows) + "\n"
    return SimpleUploadedFile(name, content.encode("utf-8"))


def upload(client, cast, rows: list[str], **extra):
    data = {"org": cast.district_a.pk, "kind": "people", "file": csv_file(rows), **extra}
    return client.post(HOME, data)


def test_an_officer_uploads_checks_and_imports(cast, client_for):
    client = client_for(cast.officer)
    response = upload(client, cast, [f"Đặng Văn Khoa,Đảng viên chính thức,{cast.cell_a1.code},1980"])
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:detail", args=[job.pk])
    assert job.status == ImportStatus.CHECKED and job.added == 1 and job.original_name == "danh-sach.csv"
    assert not job.file.name.endswith("danh-sach.csv")  # kept under a random name
    page = client.get(job_url := reverse("imports:detail", args=[job.pk]))
    assert "Nhập: thêm 1, cập nhật 0" in page.content.decode()
    assert not Person.objects.filter(full_name="Đặng Văn Khoa").exists()  # nothing before the click
    client.post(reverse("imports:run", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.imported_by == cast.officer
    assert Person.objects.filter(full_name="Đặng Văn Khoa", org=cast.cell_a1).exists()
    assert "Đã nhập lúc" in client.get(job_url).content.decode()
    # the same file again: nothing to add
    upload(client, cast, [f"Đặng Văn Khoa,Đảng viên chính thức,{cast.cell_a1.code},1980"])
    again = ImportJob.objects.first()
    assert (again.added, again.unchanged) == (0, 1)
    listing = client.get(HOME).content.decode()
    assert listing.count("danh-sach.csv") == 2
    # a changed row: the page says what changes, field by field
    upload(client, cast, [f"Đặng Văn Khoa,Đảng viên dự bị,{cast.cell_a1.code},1980"])
    changed = ImportJob.objects.first()
    body = client.get(reverse("imports:detail", args=[changed.pk])).content.decode()
    table = body[body.index("Những gì được cập nhật") :]
    assert "Đối tượng" in table and "Đảng viên chính thức" in table and "Đảng viên dự bị" in table
    assert changed.changes == [[2, "Đặng Văn Khoa", "kind", "member", "probationary"]]


def test_problems_are_listed_and_nothing_can_be_imported(cast, client_for):
    client = client_for(cast.officer)
    upload(
        client,
        cast,
        [f"Ma Văn Lỗi,Thủ lĩnh,{cast.cell_a1.code},1980", "Lý Thị Hai,Đảng viên chính thức,KHONG-CO,1981"],
    )
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REFUSED and job.refused == 2
    body = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "“Thủ lĩnh” không phải đối tượng hợp lệ." in body and "Không có tổ chức mã này" in body
    response = client.post(reverse("imports:run", args=[job.pk]), follow=True)
    assert "chưa kiểm tra xong hoặc đã nhập rồi" in response.content.decode()
    assert not Person.objects.filter(full_name="Ma Văn Lỗi").exists()


def test_a_bad_file_is_refused_on_the_form(cast, client_for):
    client = client_for(cast.officer)
    bad = SimpleUploadedFile("danh-sach.xlsx", b"MZ\x90\x00" + b"\x00" * 100)
    response = client.post(HOME, {"org": cast.district_a.pk, "kind": "people", "file": bad})
    assert response.status_code == 200
    assert "không phải bảng tính Excel hay CSV" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_importing_outside_the_scope_is_refused(cast, client_for):
    for role in ("officer", "leader", "inspector", "member"):
        client = client_for(cast.actors()[role])
        data = {
            "org": cast.district_b.pk,
            "kind": "people",
            "file": csv_file(["Bế Văn X,Đảng viên chính thức,B1C1,1980"]),
        }
        assert client.post(HOME, data).status_code in (200, 302, 403, 404)
    assert not ImportJob.objects.exists()
    assert not Person.objects.filter(full_name="Bế Văn X").exists()


def test_a_commune_leader_imports_their_own_unit(cast, client_for):
    client = client_for(cast.leader)
    page = client.get(HOME)
    assert page.status_code == 200
    choices = dict(page.context["form"].fields["org"].choices)
    assert cast.commune_a1.pk in choices and cast.cell_a1.pk in choices
    assert cast.district_a.pk not in choices and cast.commune_a2.pk not in choices
    data = {
        "org": cast.commune_a1.pk,
        "kind": "people",
        "file": csv_file(["Bế Văn X,Đảng viên chính thức,A1C1,1980"]),
    }
    response = client.post(HOME, data)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.under == cast.commune_a1
    client.post(reverse("imports:run", args=[job.pk]))
    assert Person.objects.get(full_name="Bế Văn X").org == cast.cell_a1


def test_a_leader_cannot_import_into_another_unit(cast, client_for):
    client = client_for(cast.leader)
    for org in (cast.commune_a2, cast.district_a, cast.district_b):
        data = {"org": org.pk, "kind": "people", "file": csv_file(["Bế Văn X,Đảng viên chính thức,A2,1980"])}
        assert client.post(HOME, data).status_code in (200, 403, 404)
    assert not ImportJob.objects.exists()
    # under their own unit, a row naming an org of the next commune is refused by the same check
    data = {
        "org": cast.commune_a1.pk,
        "kind": "people",
        "file": csv_file(["Bế Văn Y,Đảng viên chính thức,A2,1980"]),
    }
    client.post(HOME, data)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REFUSED or job.problems
    client.post(reverse("imports:run", args=[job.pk]))
    assert not Person.objects.filter(full_name__in=["Bế Văn X", "Bế Văn Y"]).exists()


def test_an_inspector_cannot_import(cast, client_for):
    response = client_for(cast.inspector).get(HOME)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    data = {
        "org": cast.commune_a1.pk,
        "kind": "people",
        "file": csv_file(["Bế Văn X,Đảng viên chính thức,A1C1,1980"]),
    }
    client_for(cast.inspector).post(HOME, data)
    assert not ImportJob.objects.exists()


def test_templates_download(cast, client_for):
    client = client_for(cast.officer)
    for name, first in (("imports:template-people", "Họ và tên"), ("imports:template-orgs", "Mã tổ chức")):
        response = client.get(reverse(name))
        assert response["Content-Disposition"].startswith("attachment;")
        assert load_workbook(io.BytesIO(response.content)).worksheets[0]["A1"].value == first


def test_the_progress_poll_reloads_the_page_once_the_check_is_done(cast, client_for):
    client = client_for(cast.officer)
    upload(client, cast, [f"Đặng Văn Khoa,Đảng viên chính thức,{cast.cell_a1.code},1980"])
    job = ImportJob.objects.get()
    url = reverse("imports:detail", args=[job.pk])
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKING, progress=40)
    busy = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in busy and 'value="40"' in busy and "<h1>" not in busy


def test_the_org_pages_offer_the_import_to_officers_only(cast, client_for):
    tree = reverse("organisation:org-tree")
    detail = reverse("organisation:org-detail", args=[cast.commune_a1.pk])
    for url in (tree, detail):
        assert "Nhập từ Excel" in client_for(cast.officer).get(url).content.decode()
        assert "Nhập từ Excel" not in client_for(cast.leader).get(url).content.decode()


def test_the_user_picks_the_sheet_that_holds_the_list(cast, client_for):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Hướng dẫn"
    book.active.append(["Danh sách ở trang sau"])
    ws = book.create_sheet("Đảng viên")
    ws.append(["Họ và tên", "Đối tượng", "Mã tổ chức"])
    ws.append(["Đinh Văn Hải", "Đảng viên chính thức", cast.cell_a1.code])
    content = io.BytesIO()
    book.save(content)
    client = client_for(cast.officer)
    upload_file = SimpleUploadedFile("hai-trang.xlsx", content.getvalue())
    client.post(HOME, {"org": cast.district_a.pk, "kind": "people", "file": upload_file})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REFUSED and job.sheets == ["Hướng dẫn", "Đảng viên"]
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "Chọn trang tính" in page and "Không tìm thấy dòng tiêu đề" in page
    client.post(reverse("imports:recheck", args=[job.pk]), {"sheet": "Đảng viên"})
    job.refresh_from_db()
    assert (job.status, job.sheet, job.added) == (ImportStatus.CHECKED, "Đảng viên", 1)
    response = client.post(reverse("imports:recheck", args=[job.pk]), {"sheet": "Không có"}, follow=True)
    assert "Tệp không có trang tính này." in response.content.decode()


def test_the_check_step_shows_on_its_row_an_org_name_that_does_not_match_the_code(cast, client_for):
    from lamtheobac.imports.services.people import WARN_ORG_NAME_DIFFERS

    client = client_for(cast.officer)
    content = (
        "Họ và tên,Đối tượng,Mã tổ chức,Tên tổ chức (để đối chiếu)\n"
        f"Đặng Văn Khoa,Đảng viên chính thức,{cast.cell_a1.code},Chi bộ Nà Pài\n"
        f"Lý Thị Hai,Đảng viên chính thức,{cast.commune_a2.code},Chi bộ thôn Nà Pài\n"
    )
    client.post(HOME, {"org": cast.district_a.pk, "kind": "people",
                       "file": SimpleUploadedFile("ds.csv", content.encode())})  # fmt: skip
    job = ImportJob.objects.get()
    message = WARN_ORG_NAME_DIFFERS % {
        "written": "Chi bộ thôn Nà Pài", "code": cast.commune_a2.code, "name": cast.commune_a2.name
    }  # fmt: skip
    assert job.status == ImportStatus.CHECKED and job.warnings == [[3, "Tên tổ chức (để đối chiếu)", message]]
    body = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "Nhập: thêm 2" in body  # a warning does not stop the import
    table = body[body.index("1 dòng cần xem lại") :]
    table = table[: table.index("</table>")]
    assert '<tr><td class="num">3</td><td data-label="Cột">Tên tổ chức (để đối chiếu)</td>' in table
    assert message in table and table.count("<tr>") == 2  # the header and the one row


def test_the_check_step_lists_every_update_a_page_at_a_time(cast, client_for):
    from lamtheobac.imports.views import CHANGES_PER_PAGE

    client = client_for(cast.officer)
    count = CHANGES_PER_PAGE + 30
    syllables = "An Bình Cường Dũng Đạt Giang Hải Hùng Khoa Lâm Minh Nam Phúc Quang Sơn Tâm".split()
    names = [f"Đặng {a} {b}" for a in syllables for b in syllables][:count]
    upload(client, cast, [f"{n},Đảng viên chính thức,{cast.cell_a1.code},1980" for n in names])
    client.post(reverse("imports:run", args=[ImportJob.objects.get().pk]))
    upload(client, cast, [f"{n},Đảng viên dự bị,{cast.cell_a1.code},1980" for n in names])
    job = ImportJob.objects.first()
    assert job.updated == count and len(job.changes) == count
    url = reverse("imports:detail", args=[job.pk])
    first, second = client.get(url).content.decode(), client.get(url + "?page=2").content.decode()
    shown = [n for n in names if n in first] + [n for n in names if n in second]
    assert sorted(shown) == sorted(names)  # every person updated is listed, once
    assert "Trang 2/2" in second
