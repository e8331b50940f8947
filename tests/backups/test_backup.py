"""``backup`` and ``restore``: a full round trip of the database and the uploaded files, and the checks
that keep a damaged, foreign or newer backup from being restored."""

from __future__ import annotations

import datetime
import io
import json
import os
import stat
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from lamtheobac.audit.models import Action, Entry
from lamtheobac.audit.services import record
from lamtheobac.backups import engine
from lamtheobac.organisation.models import Org, Person

from ..factories import OrgFactory, PersonFactory

# a backup reads the database from outside any transaction, as the command does: every test commits
pytestmark = pytest.mark.django_db(transaction=True)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _files() -> dict[str, bytes]:
    media = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(media)): p.read_bytes() for p in sorted(media.rglob("*")) if p.is_file()}


def test_a_backup_restored_brings_back_every_row_and_file(tmp_path):
    cell = OrgFactory(name="Chi bộ thôn Sao Lưu", code="SL1")
    kept = PersonFactory(full_name="Nguyễn Thị Lưu", org=cell)
    record(Action.LOGIN, actor_name="ai-do")
    evidence = Path(settings.MEDIA_ROOT) / "evidence" / "2026" / "anh-minh-chung.png"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(PNG)
    before = (
        _files(),
        list(Org.objects.values().order_by("pk")),
        list(Person.objects.values().order_by("pk")),
    )

    call_command("backup", "--dest", str(tmp_path / "saoluu"), stdout=io.StringIO())
    (folder,) = (tmp_path / "saoluu").iterdir()

    # then everything goes wrong: a rename, a deletion, a stray row, a lost file, a stray file
    Org.objects.filter(pk=cell.pk).update(name="Tên bị sửa nhầm")
    kept.delete()
    PersonFactory(full_name="Người thêm sau", org=cell)
    evidence.unlink()
    (Path(settings.MEDIA_ROOT) / "la.txt").write_text("lạ")

    out = io.StringIO()
    call_command("restore", str(folder), "--yes", stdout=out)
    assert "Đã khôi phục" in out.getvalue()
    after = (
        _files(),
        list(Org.objects.values().order_by("pk")),
        list(Person.objects.values().order_by("pk")),
    )
    assert after == before
    assert Entry.objects.filter(action=Action.LOGIN, actor_name="ai-do").count() == 1


@pytest.fixture
def backup(tmp_path) -> Path:
    OrgFactory(name="Chi bộ thôn Sao Lưu", code="SL1")
    return engine.make(tmp_path / "saoluu").folder


def _manifest(folder: Path) -> dict:
    return json.loads((folder / engine.MANIFEST).read_text(encoding="utf-8"))


def _rewrite(folder: Path, manifest: dict) -> None:
    (folder / engine.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def test_the_manifest_names_the_database_the_schema_and_each_files_checksum(backup):
    manifest = _manifest(backup)
    assert manifest["database"] in ("sqlite", "postgresql")
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    latest = max(name for app, name in MigrationLoader(connection).graph.leaf_nodes() if app == "audit")
    assert manifest["migrations"]["audit"] == latest  # the schema the backup was taken at
    assert set(manifest["files"]) == {"media.tar", next(p.name for p in backup.glob("database.*"))}


def test_an_altered_file_is_refused_before_anything_is_touched(backup):
    dump = next(backup.glob("database.*"))
    dump.write_bytes(dump.read_bytes()[:-1] + b"x")
    with pytest.raises(CommandError, match="altered"):
        call_command("restore", str(backup), "--yes")
    assert Org.objects.filter(code="SL1").exists()


def test_a_backup_is_made_outside_a_transaction(tmp_path):
    from django.db import transaction

    with pytest.raises(engine.BackupError), transaction.atomic():
        engine.make(tmp_path)


def test_a_backup_of_a_newer_version_is_refused(backup):
    manifest = _manifest(backup)
    manifest["migrations"]["cycle"] = "9999_from_the_future"
    _rewrite(backup, manifest)
    with pytest.raises(CommandError, match="newer version"):
        call_command("restore", str(backup), "--yes")


def test_a_file_reaching_outside_the_media_folder_is_refused(backup, tmp_path):
    crafted = backup / "media.tar"
    with tarfile.open(crafted, "w") as tar:
        info = tarfile.TarInfo("../../ngoai-thu-muc.txt")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"xau"))
    manifest = _manifest(backup)
    manifest["files"]["media.tar"] = engine._sha256(crafted)
    _rewrite(backup, manifest)
    with pytest.raises(tarfile.TarError):
        engine._unpack_media(backup)
    assert not (Path(settings.MEDIA_ROOT).parent.parent / "ngoai-thu-muc.txt").exists()


def test_only_the_newest_backups_are_kept(tmp_path):
    for hour in range(5):
        engine.make(tmp_path, keep=3, now=datetime.datetime(2026, 12, 3, hour))
    assert [p.name for p in sorted(tmp_path.iterdir())] == [
        "lamtheobac-20261203-020000", "lamtheobac-20261203-030000", "lamtheobac-20261203-040000"]  # fmt: skip


@pytest.fixture
def permissive_umask():
    old = os.umask(0o000)
    yield
    os.umask(old)


def test_a_backup_is_readable_by_its_owner_alone_whatever_the_umask(tmp_path, permissive_umask):
    evidence = Path(settings.MEDIA_ROOT) / "evidence" / "anh.png"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(PNG)
    made = engine.make(tmp_path / "saoluu")
    assert stat.S_IMODE(made.folder.stat().st_mode) == engine.FOLDER_MODE == 0o700
    files = sorted(made.folder.iterdir())
    assert {p.name for p in files} >= {"manifest.json", "media.tar"} and len(files) == 3
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == engine.FILE_MODE == 0o600, path.name
    engine.check(made.folder)  # still whole and readable by its owner
