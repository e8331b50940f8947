"""Inspection and supervision: the programme, the execution with a follow-up deadline, the target's report
of fixes, closing; refusals, rights, overdue marking, export."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lamtheobac.activities.models import Inspection, InspectionFile, InspectionKind, InspectionResponse
from lamtheobac.activities.models import InspectionStatus as S
from lamtheobac.activities.selectors import inspections as selectors
from lamtheobac.activities.services import inspections as services
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import Role
from tests import sheets

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _d(date: datetime.date) -> str:
    return date.strftime("%d/%m/%Y")


def _plan(cast, *, target=None, month=5, year=2025, org=None) -> Inspection:
    data = services.PlanInput(
        target=target or cast.commune_a1, year=year, kind=InspectionKind.INSPECTION, planned_month=month
    )
    return services.inspection_plan(actor=None, org=org or cast.district_a, data=data)


def _record(inspection, *, executed_on=datetime.date(2025, 5, 20), follow_up_due=datetime.date(2025, 7, 1)):
    data = services.RecordInput(
        executed_on=executed_on, findings="Ưu điểm, hạn chế", conclusion="Kết luận",
        recommendations="Kiến nghị", follow_up_due=follow_up_due,
    )  # fmt: skip
    return services.inspection_record(actor=None, inspection=inspection, data=data)


def _record_post(**extra) -> dict:
    today = timezone.localdate()
    return {
        "executed_on": _d(today), "team": "Đồng chí Phó Chủ nhiệm UBKT và 2 thành viên",
        "content": "Kiểm tra việc thực hiện Chỉ thị 05", "findings": "Có kế hoạch, cam kết đầy đủ",
        "conclusion": "Thực hiện nghiêm túc", "recommendations": "Bổ sung sổ theo dõi",
        "follow_up_due": _d(today + datetime.timedelta(days=30)),
    } | extra  # fmt: skip


def _leader_of(org, username: str):
    user = UserFactory(username=username)
    org_services.grant_create(actor=None, user=user, org=org, role=Role.LEADER)
    return user


def test_it_plans_records_answers_and_closes(cast, client_for):
    """Done when: the inspector records an inspection with a follow-up deadline; the commune's leader
    answers it; the inspector closes it."""
    inspector = client_for(cast.inspector)
    create = reverse("activities:inspection-create")
    assert inspector.get(create, {"org": cast.district_a.pk}).status_code == 200
    response = inspector.post(
        create,
        {"org": cast.district_a.pk, "target": cast.commune_a1.pk, "kind": InspectionKind.SUPERVISION,
         "year": 2026, "planned_month": 6, "focus": "Chỉ thị 05 gắn với Nghị quyết TW4 khóa XII"},
    )  # fmt: skip
    inspection = Inspection.objects.get()
    assert response["Location"] == reverse("activities:inspection-detail", args=[inspection.pk])
    assert (inspection.org, inspection.target, inspection.status) == (
        cast.district_a,
        cast.commune_a1,
        S.PLANNED,
    )
    assert inspection.created_by == cast.inspector

    body = inspector.get(reverse("activities:inspection-list"), {"year": 2026}).content.decode()
    assert "Lục Bình" in body and "Theo chương trình" in body

    record = reverse("activities:inspection-record", args=[inspection.pk])
    data = _record_post() | {"files": SimpleUploadedFile("bien-ban.png", PNG)}
    assert inspector.post(record, data).status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == S.DONE
    assert inspection.follow_up_due == timezone.localdate() + datetime.timedelta(days=30)
    assert InspectionFile.objects.filter(inspection=inspection).count() == 1

    leader = client_for(cast.leader)
    detail = reverse("activities:inspection-detail", args=[inspection.pk])
    body = leader.get(detail).content.decode()
    assert "Bổ sung sổ theo dõi" in body and "Gửi báo cáo khắc phục" in body
    assert "Kết thúc" not in body
    assert "Lục Bình" in leader.get(reverse("activities:inspection-list")).content.decode()
    answer = reverse("activities:inspection-answer", args=[inspection.pk])
    assert leader.post(answer, {"text": "Đã lập sổ theo dõi từ tháng 7"}).status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == S.FIXED
    assert InspectionResponse.objects.get(inspection=inspection).responded_by == cast.leader
    assert leader.post(reverse("activities:inspection-close", args=[inspection.pk])).status_code == 403

    assert inspector.post(reverse("activities:inspection-close", args=[inspection.pk])).status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == S.CLOSED
    assert "Đã lập sổ theo dõi từ tháng 7" in inspector.get(detail).content.decode()


def test_it_refuses_a_follow_up_deadline_before_the_execution(cast, client_for):
    inspection = _plan(cast)
    today = timezone.localdate()
    data = _record_post(follow_up_due=_d(today - datetime.timedelta(days=1)))
    response = client_for(cast.inspector).post(
        reverse("activities:inspection-record", args=[inspection.pk]), data
    )
    assert response.status_code == 200
    assert str(services.ERR_FOLLOW_UP_BEFORE) in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == S.PLANNED and inspection.follow_up_due is None
    with pytest.raises(ValidationError) as exc:
        _record(inspection, follow_up_due=datetime.date(2025, 5, 1))
    assert exc.value.message_dict == {"follow_up_due": [str(services.ERR_FOLLOW_UP_BEFORE)]}


def test_it_refuses_a_target_outside_the_inspecting_org(cast, client_for):
    with pytest.raises(ValidationError) as exc:
        _plan(cast, target=cast.commune_b1)
    assert exc.value.message_dict["target"] == [
        str(services.ERR_TARGET_OUTSIDE) % {"org": cast.district_a.name}
    ]
    with pytest.raises(ValidationError):
        _plan(cast, target=cast.district_a)  # not itself
    with pytest.raises(ValidationError):
        _plan(cast, target=cast.commune_a2, org=cast.commune_a1)  # a sibling is not below
    # the admin sees district B, but district A may not inspect it
    response = client_for(cast.admin).post(
        reverse("activities:inspection-create"),
        {"org": cast.district_a.pk, "target": cast.commune_b1.pk, "kind": "inspection", "year": 2026,
         "planned_month": 3, "focus": "Chỉ thị 05"},
    )  # fmt: skip
    assert response.status_code == 200
    assert str(services.ERR_TARGET_OUTSIDE) % {"org": cast.district_a.name} in response.content.decode()
    assert not Inspection.objects.exists()


def test_it_refuses_a_month_outside_1_to_12(cast, client_for):
    with pytest.raises(ValidationError) as exc:
        _plan(cast, month=13)
    assert exc.value.message_dict == {"planned_month": [str(services.ERR_MONTH)]}
    response = client_for(cast.inspector).post(
        reverse("activities:inspection-create"),
        {"org": cast.district_a.pk, "target": cast.commune_a1.pk, "kind": "inspection", "year": 2026,
         "planned_month": 0, "focus": "Chỉ thị 05"},
    )  # fmt: skip
    assert str(services.ERR_MONTH) in response.content.decode()


def test_members_and_leaders_cannot_plan_or_record(cast, client_for):
    create = reverse("activities:inspection-create")
    inspection = _plan(cast)
    for user in (cast.member, cast.leader):
        client = client_for(user)
        assert client.get(create).status_code in (403, 404)
        assert client.get(create, {"org": cast.commune_a1.pk}).status_code in (403, 404)
        data = {"org": cast.district_a.pk, "target": cast.commune_a1.pk, "kind": "inspection", "year": 2026,
                "planned_month": 3, "focus": "x"}  # fmt: skip
        assert client.post(create, data).status_code in (403, 404)
        record = reverse("activities:inspection-record", args=[inspection.pk])
        assert client.post(record, _record_post()).status_code in (403, 404)
    assert Inspection.objects.count() == 1
    assert Inspection.objects.get().status == S.PLANNED


def test_the_outsider_cannot_plan_at_an_org_of_district_a(cast, client_for):
    create = reverse("activities:inspection-create")
    client = client_for(cast.outsider)
    assert client.get(create, {"org": cast.district_a.pk}).status_code == 404
    data = {"org": cast.district_a.pk, "target": cast.commune_a1.pk, "kind": "inspection", "year": 2026,
            "planned_month": 3, "focus": "x"}  # fmt: skip
    assert client.post(create, data).status_code == 404
    data = {"org": cast.district_b.pk, "target": cast.commune_a1.pk, "kind": "inspection", "year": 2026,
            "planned_month": 3, "focus": "x"}  # fmt: skip
    assert client.post(create, data).status_code == 200  # the target is not a choice of district B
    assert not Inspection.objects.exists()


def test_a_leader_of_another_commune_cannot_see_it(cast, client_for):
    inspection = _record(_plan(cast))
    other = client_for(_leader_of(cast.commune_a2, "bithu_vumuon"))
    assert other.get(reverse("activities:inspection-detail", args=[inspection.pk])).status_code == 404
    assert (
        other.post(reverse("activities:inspection-answer", args=[inspection.pk]), {"text": "x"}).status_code
        == 404
    )
    assert "Lục Bình" not in other.get(reverse("activities:inspection-list"), {"year": 2025}).content.decode()
    assert other.get(reverse("activities:inspection-file", args=[0])).status_code == 404


def test_the_target_cannot_answer_before_the_execution(cast, client_for):
    inspection = _plan(cast)
    response = client_for(cast.leader).post(
        reverse("activities:inspection-answer", args=[inspection.pk]), {"text": "Đã khắc phục"}
    )
    assert str(services.ERR_NOT_RECORDED) in response.content.decode()
    assert not InspectionResponse.objects.exists()


def test_the_plan_is_editable_only_while_planned(cast, client_for):
    inspection = _plan(cast)
    client = client_for(cast.inspector)
    url = reverse("activities:inspection-edit", args=[inspection.pk])
    data = {
        "target": cast.commune_a2.pk,
        "kind": "supervision",
        "year": 2025,
        "planned_month": 9,
        "focus": "TW4",
    }
    assert client.post(url, data).status_code == 302
    inspection.refresh_from_db()
    assert (inspection.target, inspection.kind, inspection.planned_month) == (
        cast.commune_a2,
        "supervision",
        9,
    )
    _record(inspection)
    response = client.post(url, data | {"planned_month": 10})
    assert str(services.ERR_PLAN_DONE) in response.content.decode()


def test_it_marks_and_filters_overdue_follow_ups(cast, client_for):
    overdue = _record(_plan(cast))  # follow-up due 01/07/2025, no fixes reported
    fixed = _record(_plan(cast, target=cast.commune_a2))
    services.inspection_answer(actor=None, inspection=fixed, text_="Đã khắc phục")
    _plan(cast, target=cast.cell_a1)
    assert selectors.is_overdue(overdue) and not selectors.is_overdue(fixed)
    client = client_for(cast.officer)
    url = reverse("activities:inspection-list")
    body = client.get(url, {"year": 2025}).content.decode()
    assert body.count("Quá hạn khắc phục (01/07/2025)") == 1
    page = client.get(url, {"year": 2025, "overdue": "1"}).context["page"]
    assert [i.pk for i in page] == [overdue.pk]
    assert (
        "Quá hạn báo cáo khắc phục"
        in client.get(reverse("activities:inspection-detail", args=[overdue.pk])).content.decode()
    )


def test_it_refuses_a_fake_file(cast, client_for):
    inspection = _plan(cast)
    data = _record_post() | {"files": SimpleUploadedFile("bien-ban.pdf", b"<script>alert(1)</script>")}
    response = client_for(cast.inspector).post(
        reverse("activities:inspection-record", args=[inspection.pk]), data
    )
    assert "không phải ảnh, PDF hay tệp Office" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == S.PLANNED
    assert not InspectionFile.objects.exists()


def test_it_serves_files_safely(cast, client_for):
    inspection = _plan(cast)
    data = _record_post() | {"files": SimpleUploadedFile("anh.png", PNG)}
    client_for(cast.inspector).post(reverse("activities:inspection-record", args=[inspection.pk]), data)
    stored = InspectionFile.objects.get()
    assert not stored.file.name.endswith("anh.png")
    response = client_for(cast.leader).get(reverse("activities:inspection-file", args=[stored.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/png"


def test_it_exports_the_programme(cast, client_for):
    _record(_plan(cast))
    _plan(cast, target=cast.commune_a2, month=9)
    response = client_for(cast.inspector).get(
        reverse("activities:inspection-list"), {"year": 2025, "format": "xlsx"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="kiem-tra-giam-sat-2025.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = sheets.table(sheet)
    assert rows[0][:4] == ("Năm", "Tháng dự kiến", "Cấp kiểm tra, giám sát", "Đối tượng")
    assert [(r[1], r[3], r[6], r[12]) for r in rows[1:]] == [
        (5, "Đảng bộ xã Lục Bình", "Đã tiến hành", "Có"),
        (9, "Đảng bộ xã Vũ Muộn", "Theo chương trình", None),
    ]
    assert rows[1][11] == datetime.datetime(2025, 7, 1)


def test_a_list_filtered_on_an_outside_org_is_refused(cast, client_for):
    response = client_for(cast.inspector).get(
        reverse("activities:inspection-list"), {"org": cast.commune_b1.pk}
    )
    assert response.status_code == 404


def test_its_pages_render_for_those_who_use_them(cast, client_for):
    inspection = _plan(cast)
    inspector = client_for(cast.inspector)
    body = inspector.get(reverse("activities:inspection-create")).content.decode()
    assert "Đảng bộ huyện An Bình" in body  # several orgs may inspect: pick one first
    for name in ("inspection-edit", "inspection-record", "inspection-detail"):
        assert inspector.get(reverse(f"activities:{name}", args=[inspection.pk])).status_code == 200, name
    _record(inspection)
    assert (
        client_for(cast.leader).get(reverse("activities:inspection-answer", args=[inspection.pk])).status_code
        == 200
    )
