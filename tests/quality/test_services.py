"""``RecordQuality`` follows every change the forms can make, and a full recount agrees with it."""

from __future__ import annotations

import pytest

from lamtheobac.cycle import services
from lamtheobac.cycle.models import Record, RecordKind
from lamtheobac.cycle.services import ItemInput
from lamtheobac.quality import services as quality
from lamtheobac.quality.models import RecordQuality
from lamtheobac.reports import selectors as reports_selectors
from tests.cycle.builders import YEAR, open_year
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

COPIED = [
    ("Đọc 02 cuốn sách viết về Chủ tịch Hồ Chí Minh", "Ghi chép điều tâm đắc"),
    ("Phụ đạo học sinh yếu môn Toán chiều thứ Năm hằng tuần", "Không còn học sinh yếu cuối năm"),
    ("Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước", ""),
]
OWN = [
    ("Trồng 200 cây keo trên đồi nhà trước tháng 9", "Tỷ lệ cây sống trên 85%"),
    ("Nâng cao ý thức trách nhiệm", ""),
    ("Góp 05 ngày công làm đường bê tông của thôn", ""),
]


def _write(person, rows, *, year=YEAR, submit=True, from_last_year=False) -> Record:
    record = services.record_create(
        actor=None, kind=RecordKind.COMMITMENT, year=year, person=person, from_last_year=from_last_year
    )
    if rows is not None:
        items = [ItemInput(action=a, target=t) for a, t in rows]
        record = services.record_save(actor=None, record=record, version=record.version, items=items)
    if submit:
        record = services.record_submit(actor=None, record=record)
    return record


def _q(record: Record) -> RecordQuality:
    return RecordQuality.objects.get(record=record)


def test_saving_counts_the_concrete_actions(cast):
    open_year(cast.district_a)
    record = _write(cast.member_person, OWN, submit=False)
    assert (_q(record).actions, _q(record).concrete) == (3, 2)
    items = [ItemInput(action="Nâng cao ý thức trách nhiệm", target="Không đi muộn buổi nào trong năm")]
    services.record_save(actor=None, record=record, version=record.version, items=items)
    assert (_q(record).actions, _q(record).concrete) == (1, 1)


def test_copies_in_one_cell_form_a_cluster_once_filed(cast):
    open_year(cast.district_a)
    third = PersonFactory(full_name="Ma Thị Hoa", org=cast.cell_a1)
    a = _write(cast.member_person, COPIED)
    b = _write(cast.colleague, [(x.upper() + ".", y) for x, y in COPIED], submit=False)  # a copy, in draft
    c = _write(third, OWN)
    assert _q(a).cluster is None  # drafts are not counted: the copy is not filed yet
    services.record_submit(actor=None, record=b)
    assert _q(a).cluster == _q(b).cluster == min(a.pk, b.pk)
    assert _q(c).cluster is None
    # the copier rewrites and resubmits: the cluster is gone
    b = services.record_return(actor=None, record=Record.objects.get(pk=b.pk), comment="Viết lại")
    services.record_save(
        actor=None, record=b, version=b.version, items=[ItemInput(action=a_, target=t) for a_, t in OWN[:2]]
    )
    assert _q(a).cluster is None and _q(b).cluster is None


def test_a_copy_returned_for_correction_leaves_the_cluster_at_once(cast):
    """Returned is not filed (``cycle.workflow.filed_q``): the copy stops counting before it is rewritten,
    and comes back into the cluster if it is resubmitted unchanged."""
    open_year(cast.district_a)
    a = _write(cast.member_person, COPIED)
    b = _write(cast.colleague, COPIED)
    assert _q(a).cluster == _q(b).cluster == min(a.pk, b.pk)
    b = services.record_return(actor=None, record=b, comment="Chép của đồng chí khác")
    assert _q(a).cluster is None and _q(b).cluster is None
    assert reports_selectors.dashboard(cast.district_a, YEAR).total.clusters == 0
    services.record_submit(actor=None, record=b)
    assert _q(a).cluster == _q(b).cluster == min(a.pk, b.pk)


def test_a_copy_in_another_cell_is_not_a_cluster(cast):
    open_year(cast.district_a)
    _write(cast.member_person, COPIED)
    elsewhere = _write(cast.person_a2, COPIED)
    assert _q(elsewhere).cluster is None


def test_repeating_last_year_is_flagged_and_follows_last_years_record(cast):
    open_year(cast.district_a, year=YEAR - 1)
    open_year(cast.district_a)
    last = _write(cast.member_person, COPIED, year=YEAR - 1)
    this = _write(cast.member_person, None, from_last_year=True, submit=False)
    assert _q(this).copied_last_year
    # writing it anew clears the flag
    services.record_save(
        actor=None, record=this, version=this.version, items=[ItemInput(action=a, target=t) for a, t in OWN]
    )
    assert not _q(this).copied_last_year
    # and if last year's record is the one that changes, this year's flag follows it
    last = Record.objects.get(pk=last.pk)
    services.record_return(actor=None, record=last, comment="Sửa")
    last = Record.objects.get(pk=last.pk)
    services.record_save(
        actor=None, record=last, version=last.version, items=[ItemInput(action=a, target=t) for a, t in OWN]
    )
    assert _q(this).copied_last_year


def test_the_full_recount_agrees_with_the_record_by_record_upkeep(cast):
    open_year(cast.district_a, year=YEAR - 1)
    open_year(cast.district_a)
    third = PersonFactory(full_name="Ma Thị Hoa", org=cast.cell_a1)
    _write(cast.member_person, COPIED, year=YEAR - 1)
    _write(cast.member_person, None, from_last_year=True)
    _write(cast.colleague, COPIED)
    _write(third, OWN, submit=False)
    _write(cast.person_a2, OWN)
    kept = {
        q.record_id: (q.actions, q.concrete, q.copied_last_year, q.cluster)
        for q in RecordQuality.objects.all()
    }
    RecordQuality.objects.all().delete()
    summary = quality.refresh_all()
    again = {
        q.record_id: (q.actions, q.concrete, q.copied_last_year, q.cluster)
        for q in RecordQuality.objects.all()
    }
    assert again == kept
    assert summary.records == len(kept) and summary.clusters == 1 and summary.clustered == 2
    assert summary.copied_last_year == 1


def test_the_dashboard_counts_filed_commitments_only(cast):
    open_year(cast.district_a)
    a = _write(cast.member_person, COPIED)
    _write(cast.colleague, COPIED, submit=False)
    total = reports_selectors.dashboard(cast.district_a, YEAR).total
    assert (total.actions, total.actions_concrete, total.clusters) == (3, 2, 0)
    services.record_approve(
        actor=cast.leader, record=Record.objects.get(pk=a.pk)
    )  # approving changes nothing
    services.record_submit(actor=None, record=Record.objects.get(person=cast.colleague))
    total = reports_selectors.dashboard(cast.district_a, YEAR).total
    assert (total.actions, total.actions_concrete, total.clusters, total.clustered) == (6, 4, 1, 2)
    assert total.concrete_share == pytest.approx(4 / 6)


def test_the_raw_write_names_the_models_table():
    assert RecordQuality._meta.db_table == "quality_recordquality"


def test_one_year_recounted_alone_still_compares_with_the_year_before(cast):
    open_year(cast.district_a, year=YEAR - 1)
    open_year(cast.district_a)
    _write(cast.member_person, COPIED, year=YEAR - 1)
    this = _write(cast.member_person, None, from_last_year=True)
    RecordQuality.objects.all().delete()
    summary = quality.refresh_all(Record.objects.filter(year=YEAR))
    assert summary.records == 1 and summary.copied_last_year == 1
    assert _q(this).copied_last_year and not RecordQuality.objects.filter(record__year=YEAR - 1).exists()


def test_a_deadline_before_the_years_end_makes_an_action_concrete_in_the_counts(cast):
    import datetime

    open_year(cast.district_a)
    record = services.record_create(
        actor=None, kind=RecordKind.COMMITMENT, year=YEAR, person=cast.member_person
    )
    items = [
        # courses named only by their kind: the text alone is vague, the deadline decides
        ItemInput(action="Hoàn thành lớp bồi dưỡng chính trị", deadline=datetime.date(YEAR, 9, 30)),
        ItemInput(action="Hoàn thành lớp bồi dưỡng chuyên môn", deadline=datetime.date(YEAR, 12, 31)),
    ]
    record = services.record_save(actor=None, record=record, version=record.version, items=items)
    assert (_q(record).actions, _q(record).concrete) == (2, 1)
    RecordQuality.objects.all().delete()
    quality.refresh_all()
    assert (_q(record).actions, _q(record).concrete) == (2, 1)
