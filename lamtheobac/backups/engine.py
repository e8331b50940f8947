"""Backups that can be restored: the database and the uploaded files, in one folder with a manifest.

``backup/lamtheobac-20261203-0200/``::

    database.sqlite3   (SQLite: the online backup API, a consistent copy while the system runs)
    database.pgdump    (PostgreSQL: ``pg_dump --format=custom``, consistent by itself)
    media.tar          (the uploaded files: evidence, directing documents, roster files)
    manifest.json      (when, which database, the last migration of each app, a SHA-256 of each file)

``restore`` checks every checksum first and refuses a backup made by a newer version of the schema, then
replaces the database and the uploaded files. Nothing here is reached from the web: two commands, run by
whoever runs the server (see the README's schedule).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

MANIFEST = "manifest.json"
PREFIX = "lamtheobac-"
# A backup holds every person's identifiers: only the account that runs the server may read it.
FOLDER_MODE = 0o700
FILE_MODE = 0o600


class BackupError(Exception):
    pass


@dataclass
class Made:
    folder: Path
    size: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _migrations() -> dict[str, str]:
    """The last migration applied of each app (what the schema of the copy is)."""
    last: dict[str, str] = {}
    for app, name in (
        MigrationRecorder(connection).migration_qs.order_by("app", "name").values_list("app", "name")
    ):
        last[app] = name
    return last


def _pg_env() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 (fixed programs)
    if done.returncode:
        raise BackupError(f"{command[0]}: {done.stderr.strip() or done.returncode}")


def _dump_database(folder: Path) -> str:
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)  # page by page, while others keep writing (WAL)
        copy.close()
        return target.name
    if connection.vendor == "postgresql":
        target = folder / "database.pgdump"
        args, env = _pg_env()
        name = connection.settings_dict["NAME"]
        _run(["pg_dump", *args, "--format=custom", "--no-owner", "--file", str(target), name], env)
        return target.name
    raise BackupError(f"no backup for a {connection.vendor} database")


def _pack_media(folder: Path) -> str:
    target = folder / "media.tar"
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(target, "w") as tar:
        if media.is_dir():
            for path in sorted(media.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=str(path.relative_to(media)), recursive=False)
    return target.name


def make(destination: Path, *, keep: int | None = None, now: datetime.datetime | None = None) -> Made:
    """A new backup folder under ``destination``; with ``keep``, only the newest ``keep`` are kept."""
    if connection.in_atomic_block:
        # SQLite cannot copy a database its own connection is writing to (the copy would wait for ever)
        raise BackupError("a backup is made outside any transaction")
    destination.mkdir(parents=True, exist_ok=True)
    now = now or datetime.datetime.now()
    stamp = now.strftime("%Y%m%d-%H%M%S")
    folder = destination / f"{PREFIX}{stamp}"
    partial = destination / f".{PREFIX}{stamp}.partial"
    partial.mkdir(mode=FOLDER_MODE)
    os.chmod(partial, FOLDER_MODE)  # whatever the umask: nobody else may even list it while it is written
    try:
        files = [_dump_database(partial), _pack_media(partial)]
        manifest = {
            "made": now.astimezone().isoformat(timespec="seconds"),
            "database": connection.vendor,
            "migrations": _migrations(),
            "files": {name: _sha256(partial / name) for name in files},
        }
        fd = os.open(partial / MANIFEST, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(manifest, indent=2, ensure_ascii=False))
        for path in partial.iterdir():
            os.chmod(path, FILE_MODE)  # sqlite3, pg_dump and tarfile create theirs with the umask's mode
        partial.rename(folder)  # a folder with this name is always whole
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if keep:
        for old in sorted(destination.glob(f"{PREFIX}*"))[:-keep]:
            shutil.rmtree(old)
    return Made(folder, sum(p.stat().st_size for p in folder.iterdir()))


def check(folder: Path) -> dict:
    """The manifest of a whole, unaltered backup that this version can restore; ``BackupError`` else."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder}: no readable {MANIFEST}") from exc
    for name, digest in manifest.get("files", {}).items():
        path = folder / name
        if Path(name).name != name or not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"{name}: missing or altered since the backup was made")
    if manifest.get("database") != connection.vendor:
        raise BackupError(f"a {manifest.get('database')} backup cannot be restored into {connection.vendor}")
    from django.db.migrations.loader import MigrationLoader

    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in known]
    if unknown:
        raise BackupError(f"made by a newer version (migrations {', '.join(unknown)}): upgrade first")
    return manifest


def _load_database(folder: Path, manifest: dict) -> None:
    names = manifest["files"]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(folder / "database.sqlite3") as source:
            source.backup(connection.connection)
        source.close()
        return
    args, env = _pg_env()
    name = connection.settings_dict["NAME"]
    connection.close()
    dump = str(folder / next(n for n in names if n.startswith("database.")))
    _run(
        [
            "pg_restore",
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            name,
            dump,
        ],
        env,
    )


def _unpack_media(folder: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    incoming = media.with_name(media.name + ".restoring")
    shutil.rmtree(incoming, ignore_errors=True)
    incoming.mkdir(parents=True)
    with tarfile.open(folder / "media.tar") as tar:
        tar.extractall(incoming, filter="data")  # refuses absolute paths, "..", links out of the folder
    old = media.with_name(media.name + ".before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if media.exists():
        media.rename(old)
    incoming.rename(media)
    shutil.rmtree(old, ignore_errors=True)


def restore(folder: Path) -> dict:
    """Replace the database and the uploaded files with the backup's, after checking it whole."""
    manifest = check(folder)
    if connection.in_atomic_block:
        raise BackupError("a restore is made outside any transaction")
    _load_database(folder, manifest)
    _unpack_media(folder)
    return manifest
