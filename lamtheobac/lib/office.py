"""A Word file printed to PDF by LibreOffice on the server, for those who read on a phone or print without
Word. Optional: without LibreOffice (``OFFICE_BIN`` empty and no ``soffice`` on the path) the pages offer the
Word file only."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

TIMEOUT_SECONDS = 90


class OfficeMissing(Exception):
    """No LibreOffice on this server."""


class OfficeFailed(Exception):
    """LibreOffice ran and wrote no PDF (a damaged file, a timeout)."""


def office_bin() -> str:
    """The LibreOffice program to print with, or "" when there is none."""
    configured = getattr(settings, "OFFICE_BIN", None)
    if configured is not None:
        return configured
    return shutil.which("soffice") or shutil.which("libreoffice") or ""


def pdf_from_docx(content: bytes) -> bytes:
    """The PDF of a .docx. Each call has its own folder and LibreOffice profile, so calls at the same time
    (two workers, two requests) do not wait on each other's profile lock."""
    program = office_bin()
    if not program:
        raise OfficeMissing
    with tempfile.TemporaryDirectory(prefix="in-pdf-") as folder:
        source = Path(folder) / "ban-in.docx"
        source.write_bytes(content)
        try:
            subprocess.run(  # noqa: S603 (the configured LibreOffice, on a file name of ours)
                [
                    program,
                    f"-env:UserInstallation={(Path(folder) / 'profile').as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    folder,
                    str(source),
                ],
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise OfficeFailed from exc
        pdf = source.with_suffix(".pdf")
        if not pdf.exists():
            raise OfficeFailed
        return pdf.read_bytes()
