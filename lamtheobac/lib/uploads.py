"""What an uploaded file really is, judged by its first bytes rather than its name."""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.http import FileResponse

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    content_type: str
    extensions: tuple[str, ...]
    inline: bool  # safe to show in the browser (images); everything else downloads


JPEG = Kind("image/jpeg", (".jpg", ".jpeg"), True)
PNG = Kind("image/png", (".png",), True)
WEBP = Kind("image/webp", (".webp",), True)
PDF = Kind("application/pdf", (".pdf",), False)
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), False)
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), False)
PPTX = Kind("application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",), False)
LEGACY_OFFICE = Kind("application/octet-stream", (".doc", ".xls", ".ppt"), False)

_OOXML = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}

IMAGE_TYPES = frozenset(k.content_type for k in (JPEG, PNG, WEBP))

# A served file may not run anything, load anything but itself, or be framed into a page.
SANDBOX = "default-src 'none'; img-src 'self'; sandbox"


def sniff(stream: IO[bytes]) -> Kind | None:
    """The kind of file the bytes say it is, or None if it is none of the accepted kinds."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return LEGACY_OFFICE
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(stream) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            stream.seek(0)
        if "[Content_Types].xml" in names:
            for prefix, kind in _OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return kind
    return None


def matches_name(kind: Kind, filename: str) -> bool:
    """Whether the file's extension is one its content allows (a .pdf that is really a .docx is not)."""
    return PurePath(filename.lower()).suffix in kind.extensions


def random_name(kind: Kind) -> str:
    """A storage name that reveals nothing and cannot be guessed."""
    return uuid.uuid4().hex + kind.extensions[0]


def check(upload) -> Kind:
    """Refuse a file over 10 MB, of another kind than images, PDF and Office, or whose name lies about it.

    Raises ``ValidationError`` (on the ``files`` field) with a Vietnamese message naming the file.
    """
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"files": _("Tệp “%(name)s” lớn hơn 10 MB.") % {"name": upload.name}})
    kind = sniff(upload.file)
    if kind is None:
        raise ValidationError(
            {"files": _("Tệp “%(name)s” không phải ảnh, PDF hay tệp Office.") % {"name": upload.name}}
        )
    if not matches_name(kind, upload.name):
        raise ValidationError(
            {
                "files": _("Tệp “%(name)s” có đuôi không khớp với nội dung thật của tệp.")
                % {"name": upload.name}
            }
        )
    return kind


def serve(handle: IO[bytes], *, content_type: str, filename: str = "") -> FileResponse:
    """A stored file, answered by a view that has checked the user's right to it: shown in the browser
    only if it is a photo (JPEG, PNG, WebP: never SVG or HTML), downloaded as an attachment otherwise; the
    browser may not guess another type, and the file runs in a sandbox with nothing allowed."""
    inline = content_type in IMAGE_TYPES
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    return response
