"""Writes of the directing documents library (văn bản chỉ đạo: chỉ thị, nghị quyết, kế hoạch…).

A document belongs to the issuing org and reaches down its subtree; tying it to a year is optional. Atomic;
the org is cleared by ``access.py`` (OPEN_PERIOD) before the call.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheobac.cycle.models import Document, DocumentKind, Period
from lamtheobac.cycle.selectors import check_year_open
from lamtheobac.lib import text, uploads
from lamtheobac.organisation.models import Org

ERR_NUMBER_EMPTY = _("Hãy ghi số, ký hiệu văn bản (ví dụ 12-KH/HU).")
ERR_TITLE_EMPTY = _("Hãy ghi trích yếu văn bản.")
ERR_ISSUER_EMPTY = _("Hãy ghi cơ quan ban hành.")
ERR_KIND = _("Loại văn bản không hợp lệ.")
ERR_FUTURE = _("Ngày ban hành không được sau hôm nay.")
ERR_PERIOD_OTHER_ORG = _("Năm được chọn không phải của tổ chức ban hành.")


@dataclasses.dataclass
class DocumentInput:
    number: str
    kind: str
    issued_on: datetime.date
    issuer: str
    title: str
    period: Period | None = None


@transaction.atomic
def document_create(*, actor: User | None, org: Org, data: DocumentInput, upload=None) -> Document:
    """File a directing document issued by ``org`` (cleared with OPEN_PERIOD); the file, if any, is checked
    by content (image, PDF or Office, ≤ 10 MB) and stored under a random name. Refused in a year closed at
    ``org``: the year it is tied to, or else the year it was issued."""
    if data.period is not None:
        check_year_open(org=org, date_or_year=data.period.year, field="period")
    else:
        check_year_open(org=org, date_or_year=data.issued_on, field="issued_on")
    document = Document(
        org=org,
        period=data.period,
        number=text.plain(data.number, 50),
        kind=data.kind,
        issued_on=data.issued_on,
        issuer=text.plain(data.issuer, 255),
        title=text.plain(data.title, 500),
        uploaded_by=actor,
    )
    if not document.number:
        raise ValidationError({"number": ERR_NUMBER_EMPTY})
    if document.kind not in DocumentKind.values:
        raise ValidationError({"kind": ERR_KIND})
    if not document.issuer:
        raise ValidationError({"issuer": ERR_ISSUER_EMPTY})
    if not document.title:
        raise ValidationError({"title": ERR_TITLE_EMPTY})
    if document.issued_on > timezone.localdate():
        raise ValidationError({"issued_on": ERR_FUTURE})
    if data.period is not None and data.period.org_id != org.pk:
        raise ValidationError({"period": ERR_PERIOD_OTHER_ORG})
    document.full_clean(exclude=["file"])
    if upload is not None:
        try:
            kind = uploads.check(upload)
        except ValidationError as exc:
            raise ValidationError({"file": exc.message_dict.get("files", exc.messages)}) from None
        upload.seek(0)
        document.file_name = text.clean(upload.name)[:255] or "van-ban"
        document.file.save(uploads.random_name(kind), upload, save=False)
    document.save()
    return document
