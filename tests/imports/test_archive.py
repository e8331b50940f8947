"""What a file may hold before it is read: a workbook that unpacks to gigabytes (a decompression bomb), too many
shared strings, a sheet that declares or holds too many rows or cells, a CSV file too big — each refused
before it costs the server its memory; and an import of a large, real file stays under 500 MB."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lamtheobac.imports import reader
from lamtheobac.imports.models import ImportJob, ImportStatus
from lamtheobac.imports.services import people
from lamtheobac.lib import formatting

pytestmark = pytest.mark.django_db

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = ["Họ và tên", "Đối tượng", "Mã tổ chức"]


def cell(column: str, row: int | None, value: object, *, shared: bool = False) -> str:
    where = f' r="{column}{row}"' if row else ""  # without a position, the reader counts cells and rows
    if shared:
        return f'<c{where} t="s"><v>{value}</v></c>'
    return f'<c{where} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row_xml(number: int | None, values: list, *, shared: bool = False) -> str:
    cells = "".join(cell(chr(65 + i), number, v, shared=shared) for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>' if number else f"<row>{cells}</row>"


def people_rows(code: str, count: int) -> Iterable[str]:
    yield row_xml(1, HEADER)
    for i in range(count):
        yield row_xml(i + 2, [f"Nguyễn Văn {letters(i)}", "Đảng viên chính thức", code])


def letters(n: int) -> str:
    """A distinct given name for each number, in letters (a person's name holds no digit)."""
    word = ""
    while True:
        n, rest = divmod(n, 26)
        word = "abcdefghijklmnopqrstuvwxyz"[rest] + word
        if not n:
            return word.capitalize()


def workbook(
    rows: Iterable[str],
    *,
    dimension: str | None = None,
    strings: Iterable[str] | None = None,
    path: Path | None = None,
) -> bytes | Path:
    """An .xlsx written part by part, as large as a test needs it, without holding it in memory."""
    target = path or io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxml'
            'formats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>",
        )
        book.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" '
            f'Target="xl/workbook.xml"/></Relationships>',
        )
        book.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/worksheet" '
            f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{DOC}/sharedStrings" '
            f'Target="sharedStrings.xml"/></Relationships>',
        )
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<worksheet xmlns="{MAIN}">'.encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            _write_all(sheet, rows)
            sheet.write(b"</sheetData></worksheet>")
        with book.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<sst xmlns="{MAIN}">'.encode())
            _write_all(part, (f"<si><t>{escape(s)}</t></si>" for s in strings or ()))
            part.write(b"</sst>")
    return path if path else target.getvalue()


def _write_all(part, pieces: Iterable[str]) -> None:
    buffer: list[str] = []
    for piece in pieces:
        buffer.append(piece)
        if len(buffer) == 10_000:
            part.write("".join(buffer).encode())
            buffer.clear()
    part.write("".join(buffer).encode())


def check(cast, content: bytes, name: str = "danh-sach.xlsx") -> people.Plan:
    return people.plan(io.BytesIO(content), name, cast.district_a)


def refusal(result: people.Plan) -> str:
    assert not result.ok and result.problems[0].row == 0, [str(p) for p in result.problems[:3]]
    return result.problems[0].message


@pytest.fixture
def never_opened(monkeypatch):
    """openpyxl may not be reached: the file must be refused before it is opened."""
    import openpyxl

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened a file that should have been refused before")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_a_real_workbook_is_read_whole(cast):
    result = check(cast, workbook(people_rows(cast.cell_a1.code, 50), dimension="A1:C51"))
    assert result.ok and result.added == 50


@pytest.mark.usefixtures("never_opened")
def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_opened(cast, settings):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 1024 * 1024
    content = workbook(people_rows(cast.cell_a1.code, 20_000))
    assert len(content) < 1024 * 1024 / 2
    message = refusal(check(cast, content))
    assert message == reader.ERR_UNPACKS_TOO_BIG % {"name": "danh-sach.xlsx", "max": "1"}


@pytest.mark.usefixtures("never_opened")
def test_a_part_that_unpacks_far_beyond_its_packed_size_is_refused(cast):
    """A bomb: a few megabytes of the same row over and over pack into a few kilobytes."""
    rows = (
        row_xml(None, ["Nguyễn Văn Bình", "Đảng viên chính thức", cast.cell_a1.code]) for _ in range(60_000)
    )
    content = workbook(rows)
    message = refusal(check(cast, content))
    ratio = formatting.number(django_settings.IMPORT_MAX_ZIP_RATIO)
    assert message == reader.ERR_PACKED_TOO_TIGHT % {"name": "danh-sach.xlsx", "max": ratio}


@pytest.mark.usefixtures("never_opened")
def test_a_zip_header_that_understates_a_part_is_not_trusted(cast, settings):
    """The central directory says the sheet is small; the bounded stream finds out it is not."""
    settings.IMPORT_MAX_UNZIPPED_BYTES = 4 * 1024 * 1024
    content = bytearray(workbook(people_rows(cast.cell_a1.code, 50_000)))
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    assert sheet.file_size > settings.IMPORT_MAX_UNZIPPED_BYTES
    # the local header holds the size in its zip64 field (force_zip64), the central directory in 4 bytes
    for width in (8, 4):
        declared = sheet.file_size.to_bytes(width, "little")
        assert content.count(declared) == 1
        content = content.replace(declared, (1024).to_bytes(width, "little"))
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 1024
    message = refusal(check(cast, bytes(content)))
    assert message == reader.ERR_DAMAGED % {"name": "danh-sach.xlsx"}


def test_shared_strings_are_counted_before_openpyxl_holds_them_all(cast, settings, monkeypatch):
    settings.IMPORT_MAX_SHARED_STRINGS = 1000
    monkeypatch.setattr(reader.files, "CHUNK_BYTES", 7)  # string items cut across chunks are counted once
    strings = ["Họ và tên", "Đối tượng", "Mã tổ chức", "Đảng viên chính thức", cast.cell_a1.code]
    strings += [f"Nguyễn Văn {letters(i)}" for i in range(1000 - len(strings))]
    rows = [row_xml(1, [0, 1, 2], shared=True)] + [
        row_xml(i + 2, [5 + i, 3, 4], shared=True) for i in range(995)
    ]
    assert check(cast, workbook(rows, strings=strings)).added == 995
    message = refusal(check(cast, workbook(rows, strings=[*strings, "một chuỗi nữa"])))
    assert message == reader.ERR_TOO_MANY_STRINGS % {"name": "danh-sach.xlsx", "max": "1.000"}


@pytest.mark.usefixtures("never_opened")
def test_shared_strings_past_the_limit_are_refused_before_the_file_is_opened(cast, settings):
    settings.IMPORT_MAX_SHARED_STRINGS = 1000
    content = workbook(people_rows(cast.cell_a1.code, 1), strings=(f"chuỗi {i}" for i in range(1001)))
    assert refusal(check(cast, content)).startswith("Tệp danh-sach.xlsx có hơn 1.000 nội dung chữ khác nhau")


def test_a_sheet_that_declares_a_million_rows_is_refused(cast):
    content = workbook(people_rows(cast.cell_a1.code, 3), dimension="A1:C1048576")
    message = refusal(check(cast, content))
    max_rows = formatting.number(django_settings.IMPORT_MAX_ROWS)
    assert message == reader.ERR_TOO_MANY_ROWS % {"sheet": "Danh sách", "max": max_rows}


def test_a_sheet_that_declares_too_many_cells_is_refused(cast, settings):
    settings.IMPORT_MAX_CELLS = 1000
    content = workbook(people_rows(cast.cell_a1.code, 3), dimension="A1:GR100")  # 200 columns × 100 rows
    assert refusal(check(cast, content)) == reader.ERR_TOO_MANY_CELLS % {"sheet": "Danh sách", "max": "1.000"}


def test_a_sheet_that_declares_fewer_rows_than_it_holds_is_read_whole(cast):
    content = workbook(people_rows(cast.cell_a1.code, 5), dimension="A1:C2")
    result = check(cast, content)
    assert result.ok and result.added == 5  # nothing lost past the declared last row


def test_rows_and_cells_are_counted_as_they_are_read(cast, settings):
    settings.IMPORT_MAX_ROWS = 50
    content = workbook(people_rows(cast.cell_a1.code, 60), dimension="A1:C2")  # the dimension lies
    assert refusal(check(cast, content)) == reader.ERR_TOO_MANY_ROWS % {"sheet": "Danh sách", "max": "50"}
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_CELLS = 1000, 100
    content = workbook(people_rows(cast.cell_a1.code, 40), dimension="A1:C2")
    assert refusal(check(cast, content)) == reader.ERR_TOO_MANY_CELLS % {"sheet": "Danh sách", "max": "100"}


def test_a_csv_file_past_its_limit_is_refused(cast, settings):
    settings.IMPORT_MAX_CSV_BYTES = 1024 * 1024
    line = f"Nguyễn Văn Bình,Đảng viên chính thức,{cast.cell_a1.code}\n"
    content = (",".join(HEADER) + "\n" + line * 30_000).encode()
    message = refusal(check(cast, content, "danh-sach.csv"))
    size = formatting.number(len(content) / 1024 / 1024, 1)
    assert message == reader.ERR_CSV_TOO_BIG % {"name": "danh-sach.csv", "size": size, "max": "1"}
    settings.IMPORT_MAX_CSV_BYTES, settings.IMPORT_MAX_ROWS = 20 * 1024 * 1024, 100
    message = refusal(check(cast, content, "danh-sach.csv"))
    assert message == reader.ERR_TOO_MANY_ROWS % {"sheet": "CSV", "max": "100"}


def test_the_upload_page_refuses_a_bomb_with_its_reason(cast, client_for):
    rows = (
        row_xml(None, ["Nguyễn Văn Bình", "Đảng viên chính thức", cast.cell_a1.code]) for _ in range(60_000)
    )
    upload = SimpleUploadedFile("bom.xlsx", workbook(rows))
    client = client_for(cast.officer)
    client.post(reverse("imports:home"), {"org": cast.district_a.pk, "kind": "people", "file": upload})
    job = ImportJob.objects.get()
    ratio = formatting.number(django_settings.IMPORT_MAX_ZIP_RATIO)
    assert job.status == ImportStatus.REFUSED
    assert job.message == reader.ERR_PACKED_TOO_TIGHT % {"name": "bom.xlsx", "max": ratio}
    assert job.message in client.get(reverse("imports:detail", args=[job.pk])).content.decode()


# --- Peak memory, measured in a process of its own ------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
PEAK_MB = 500

CHILD = """
import json, os, resource, sys
sys.path.insert(0, sys.argv[1])
os.environ.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="0", SECRET_KEY="tests-only-secret",
                  TESTING="1", DATABASE_URL="sqlite:///" + sys.argv[2])
from django.conf import settings

class NoMigrations(dict):
    def __contains__(self, app):
        return True
    def __getitem__(self, app):
        return None

settings.MIGRATION_MODULES = NoMigrations()  # tables straight from the models: seconds, not a minute
import django
django.setup()
from django.core.management import call_command
call_command("migrate", run_syncdb=True, verbosity=0)
from lamtheobac.imports.services import people
from lamtheobac.organisation import services
from lamtheobac.organisation.models import OrgKind
root = services.org_create(actor=None, parent=None, kind=OrgKind.GRASSROOTS_COMMITTEE, name="Đảng bộ xã Lục Bình",
                           code="LB", sort_order=0)
services.org_create(actor=None, parent=root, kind=OrgKind.CELL, name="Chi bộ thôn Nà Pài", code="LB-CB01",
                    sort_order=1)
with open(sys.argv[3], "rb") as stream:
    result = people.plan(stream, "danh-sach.xlsx", root)
if result.ok:
    people.apply(result)
def peak_mb():
    # VmHWM is this program's own high-water mark; getrusage's maxrss also keeps the RSS of the process that
    # started it (Linux carries it across exec), so under a big test run it reported the runner's size
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"peak_mb": peak_mb(), "added": result.added,
                  "problems": [str(p) for p in result.problems[:3]]}))
"""


def import_in_a_process_of_its_own(tmp_path: Path, content_path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), str(tmp_path / "db.sqlite3"), str(content_path)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


# The child process always builds its own SQLite database: the figure is the same whatever database the suite
# runs on, so it is measured once, in one stage of CI (conftest.py; a minute and a half saved on PostgreSQL).


@pytest.mark.engine_neutral
@pytest.mark.django_db(databases=[])
def test_an_import_of_a_large_real_file_stays_under_500_mb(tmp_path):
    rows = 100_000
    path = workbook(people_rows("LB-CB01", rows), dimension=f"A1:C{rows + 1}", path=tmp_path / "lon.xlsx")
    found = import_in_a_process_of_its_own(tmp_path, path)
    assert found["added"] == rows and not found["problems"]
    assert found["peak_mb"] < PEAK_MB, found


@pytest.mark.engine_neutral
@pytest.mark.django_db(databases=[])
def test_an_import_of_a_decompression_bomb_stays_under_500_mb(tmp_path):
    """Five million shared strings in a file of 0.5 MB: openpyxl alone holds them all (1.1 GB, 186 s)."""
    strings = ("Nguyễn Văn Bình" for _ in range(5_000_000))
    path = workbook(people_rows("LB-CB01", 1), strings=strings, path=tmp_path / "bom.xlsx")
    assert path.stat().st_size < 10 * 1024 * 1024
    found = import_in_a_process_of_its_own(tmp_path, path)
    assert found["problems"] and found["added"] == 0
    assert found["peak_mb"] < PEAK_MB, found
