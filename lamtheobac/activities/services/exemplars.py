"""Writes of exemplars and their commendations: nominate, edit, verify, commend, publish, unpublish.

Atomic; every object is validated with ``full_clean()``. Permissions are decided by ``access.py`` before
these are called: nominating needs RECORD_ACTIVITIES on the org, the rest MANAGE_EXEMPLARS.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheobac.cycle.selectors import check_year_open
from lamtheobac.lib import text, uploads
from lamtheobac.organisation.models import Org, Person, subtree_bounds

from ..models import Commendation, Exemplar, ExemplarState

ERR_PERSON_OUTSIDE = _("Cá nhân được đề cử không thuộc tổ chức đã chọn hoặc cấp dưới của nó.")
ERR_TITLE_EMPTY = _("Cần ghi tiêu đề của gương điển hình.")
ERR_ACHIEVEMENTS_EMPTY = _("Cần ghi thành tích của gương điển hình.")
ERR_ALREADY_VERIFIED = _("Gương điển hình này đã được xác minh.")
ERR_COMMEND_NOT_VERIFIED = _("Cần xác minh gương điển hình trước khi ghi nhận khen thưởng.")
ERR_COMMENDATION_BEFORE_NOMINATION = _(
    "Ngày quyết định khen thưởng (%(decided)s) không được trước ngày đề cử (%(nominated)s)."
)
ERR_NOMINATION_AFTER_COMMENDATION = _(
    "Ngày đề cử không được sau ngày quyết định khen thưởng đã ghi nhận (%(date)s)."
)
ERR_PUBLISH_NOT_VERIFIED = _("Chỉ công khai được gương điển hình đã được xác minh.")
ERR_PUBLISH_NO_CONSENT = _(
    "Chưa có sự đồng ý công khai của người (tập thể) được nêu gương nên không thể công khai."
)
ERR_ALREADY_PUBLISHED = _("Gương điển hình này đã được công khai.")
STORY_MAX = 10000  # achievements and story, each
ERR_NOT_PUBLISHED = _("Gương điển hình này chưa được công khai.")
ERR_PHOTO_NOT_IMAGE = _("Ảnh phải là tệp ảnh JPEG, PNG hoặc WebP (tệp “%(name)s” không phải ảnh).")


def _check_photo(upload) -> uploads.Kind:
    """A photo must be an image by its content and at most 10 MB; messages go on the ``photo`` field."""
    try:
        kind = uploads.check(upload)
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages}) from None
    if not kind.inline:
        raise ValidationError({"photo": ERR_PHOTO_NOT_IMAGE % {"name": upload.name}})
    return kind


def _store_photo(exemplar: Exemplar, upload) -> None:
    kind = _check_photo(upload)
    upload.seek(0)
    if exemplar.photo:
        exemplar.photo.delete(save=False)
    exemplar.photo.save(uploads.random_name(kind), upload, save=False)


def _check_text(exemplar: Exemplar) -> None:
    errors = {}
    if not exemplar.title:
        errors["title"] = [ERR_TITLE_EMPTY]
    if not exemplar.achievements:
        errors["achievements"] = [ERR_ACHIEVEMENTS_EMPTY]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def exemplar_nominate(
    *,
    actor: User | None,
    org: Org,
    person: Person | None,
    title: str,
    achievements: str,
    nominated_on: datetime.date,
    story: str = "",
    consent: bool = False,
    consent_note: str = "",
    photo=None,
) -> Exemplar:
    """Nominate a person of ``org``'s subtree (they sit at their own org) or the collective ``org`` itself;
    refused on a date in a year closed where the exemplar sits."""
    if person is not None:
        low, high = subtree_bounds(org.path)
        if not low <= person.org.path < high:
            raise ValidationError({"person": ERR_PERSON_OUTSIDE})
    home = person.org if person is not None else org
    check_year_open(org=home, date_or_year=nominated_on, field="nominated_on")
    exemplar = Exemplar(
        org=home,
        person=person,
        title=text.plain(title, 300),
        achievements=text.paragraphs(achievements, STORY_MAX),
        story=text.paragraphs(story, STORY_MAX),
        nominated_on=nominated_on,
        nominated_by=actor,
        consent=consent,
        consent_note=text.plain(consent_note, 300),
    )
    _check_text(exemplar)
    if photo is not None:
        _store_photo(exemplar, photo)
    exemplar.full_clean(exclude=["year"])
    exemplar.save()
    return exemplar


@transaction.atomic
def exemplar_update(
    *,
    actor: User | None,
    exemplar: Exemplar,
    title: str,
    achievements: str,
    nominated_on: datetime.date,
    story: str = "",
    consent: bool = False,
    consent_note: str = "",
    photo=None,
) -> Exemplar:
    """Change the text, date, consent or photo; withdrawing consent takes a published exemplar down. Refused
    when the nomination is, or would move, in a closed year."""
    check_year_open(org=exemplar.org, date_or_year=exemplar.nominated_on, field="nominated_on")
    check_year_open(org=exemplar.org, date_or_year=nominated_on, field="nominated_on")
    first = exemplar.commendations.order_by("decided_on").values_list("decided_on", flat=True).first()
    if first is not None and nominated_on > first:
        raise ValidationError(
            {"nominated_on": ERR_NOMINATION_AFTER_COMMENDATION % {"date": first.strftime("%d/%m/%Y")}}
        )
    exemplar.title = text.plain(title, 300)
    exemplar.achievements = text.paragraphs(achievements, STORY_MAX)
    exemplar.story = text.paragraphs(story, STORY_MAX)
    exemplar.nominated_on = nominated_on
    exemplar.consent = consent
    exemplar.consent_note = text.plain(consent_note, 300)
    if not consent and exemplar.published:
        exemplar.published = False
        exemplar.published_at = None
    _check_text(exemplar)
    if photo is not None:
        _store_photo(exemplar, photo)
    exemplar.full_clean(exclude=["year"])
    exemplar.save()
    return exemplar


@transaction.atomic
def exemplar_verify(*, actor: User | None, exemplar: Exemplar) -> Exemplar:
    """An officer confirms the achievements: nominated → verified (not in a closed year)."""
    check_year_open(org=exemplar.org, date_or_year=exemplar.nominated_on)
    if exemplar.state == ExemplarState.VERIFIED:
        raise ValidationError(ERR_ALREADY_VERIFIED)
    exemplar.state = ExemplarState.VERIFIED
    exemplar.verified_by = actor
    exemplar.verified_at = timezone.now()
    exemplar.save(update_fields=["state", "verified_by", "verified_at"])
    return exemplar


@transaction.atomic
def commendation_add(
    *,
    actor: User | None,
    exemplar: Exemplar,
    form: str,
    decision_number: str,
    decided_on: datetime.date,
    issuer: str,
) -> Commendation:
    """Record a commendation (biểu dương, giấy khen, bằng khen) of a verified exemplar, dated after nomination
    and not in a year closed where the exemplar sits (it counts in the year of its decision)."""
    check_year_open(org=exemplar.org, date_or_year=decided_on, field="decided_on")
    if exemplar.state != ExemplarState.VERIFIED:
        raise ValidationError(ERR_COMMEND_NOT_VERIFIED)
    if decided_on < exemplar.nominated_on:
        raise ValidationError(
            {
                "decided_on": ERR_COMMENDATION_BEFORE_NOMINATION
                % {
                    "decided": decided_on.strftime("%d/%m/%Y"),
                    "nominated": exemplar.nominated_on.strftime("%d/%m/%Y"),
                }
            }
        )
    commendation = Commendation(
        exemplar=exemplar,
        form=form,
        decision_number=text.plain(decision_number, 60),
        decided_on=decided_on,
        issuer=text.plain(issuer, 255),
        recorded_by=actor,
    )
    commendation.full_clean()
    commendation.save()
    return commendation


@transaction.atomic
def exemplar_publish(*, actor: User | None, exemplar: Exemplar) -> Exemplar:
    """Show a verified exemplar on the public pages; refused without the person's (collective's) consent."""
    if exemplar.published:
        raise ValidationError(ERR_ALREADY_PUBLISHED)
    if exemplar.state != ExemplarState.VERIFIED:
        raise ValidationError(ERR_PUBLISH_NOT_VERIFIED)
    if not exemplar.consent:
        raise ValidationError(ERR_PUBLISH_NO_CONSENT)
    exemplar.published = True
    exemplar.published_at = timezone.now()
    exemplar.full_clean(exclude=["year"])
    exemplar.save(update_fields=["published", "published_at"])
    return exemplar


@transaction.atomic
def exemplar_unpublish(*, actor: User | None, exemplar: Exemplar) -> Exemplar:
    """Take an exemplar off the public pages."""
    if not exemplar.published:
        raise ValidationError(ERR_NOT_PUBLISHED)
    exemplar.published = False
    exemplar.published_at = None
    exemplar.save(update_fields=["published", "published_at"])
    return exemplar
