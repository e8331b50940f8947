"""Pilot and good-practice models: filing, status, replication, evidence, lists and export, rights."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from lamtheobac.activities.models import PilotFile, PilotModel, PilotStatus
from lamtheobac.activities.services import pilots as services
from tests import sheets

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _post(**extra) -> dict:
    return {
        "name": "Mô hình “Dân vận khéo” trong xây dựng nông thôn mới", "field": "Dân vận",
        "started_on": "01/04/2025", "status": PilotStatus.PILOTING, "description": "Cách làm", "results": "",
    } | extra  # fmt: skip


def _pilot(org, *, name="Mô hình thử", started_on=datetime.date(2025, 4, 1), **extra):
    data = services.PilotInput(name=name, started_on=started_on, **extra)
    return services.pilot_create(actor=None, org=org, data=data)


def test_it_files_a_model_with_evidence(cast, client_for):
    data = _post(org=cast.commune_a1.pk) | {"files": SimpleUploadedFile("anh-mo-hinh.png", PNG)}
    response = client_for(cast.officer).post(reverse("activities:pilot-create"), data)
    pilot = PilotModel.objects.get()
    assert response["Location"] == reverse("activities:pilot-detail", args=[pilot.pk])
    assert (pilot.org, pilot.status, pilot.started_on) == (
        cast.commune_a1,
        "piloting",
        datetime.date(2025, 4, 1),
    )
    assert pilot.created_by == cast.officer
    stored = PilotFile.objects.get(pilot=pilot)
    file_response = client_for(cast.leader).get(reverse("activities:pilot-file", args=[stored.pk]))
    assert file_response["X-Content-Type-Options"] == "nosniff"
    body = client_for(cast.leader).get(response["Location"]).content.decode()
    assert "Dân vận khéo" in body and "Đang làm điểm" in body and "01/04/2025" in body


def test_it_refuses_a_fake_evidence_file(cast, client_for):
    data = _post(org=cast.commune_a1.pk) | {
        "files": SimpleUploadedFile("anh.jpg", b"<script>alert(1)</script>")
    }
    response = client_for(cast.officer).post(reverse("activities:pilot-create"), data)
    assert "không phải ảnh, PDF hay tệp Office" in response.content.decode()
    assert not PilotModel.objects.exists()


def test_it_moves_a_model_to_effective_then_replicated(cast, client_for):
    pilot = _pilot(cast.commune_a1)
    client = client_for(cast.officer)
    url = reverse("activities:pilot-edit", args=[pilot.pk])
    response = client.post(url, _post(status=PilotStatus.EFFECTIVE))
    assert str(services.ERR_RESULTS_REQUIRED) in response.content.decode()
    response = client.post(url, _post(status=PilotStatus.EFFECTIVE, results="Giảm 30% hộ nghèo"))
    assert response.status_code == 302
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.EFFECTIVE
    response = client.post(url, _post(status=PilotStatus.REPLICATED, results="Giảm 30% hộ nghèo"))
    assert str(services.ERR_REPLICATED_EMPTY) in response.content.decode()
    data = _post(
        status=PilotStatus.REPLICATED,
        results="Giảm 30% hộ nghèo",
        replicated_to=[cast.commune_a2.pk, cast.cell_a1.pk],
    )
    assert client.post(url, data).status_code == 302
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.REPLICATED
    assert set(pilot.replicated_to.all()) == {cast.commune_a2, cast.cell_a1}
    assert (
        "Đảng bộ xã Vũ Muộn"
        in client.get(reverse("activities:pilot-detail", args=[pilot.pk])).content.decode()
    )


def test_a_model_is_not_replicated_to_its_own_org(cast):
    with pytest.raises(ValidationError) as exc:
        _pilot(cast.commune_a1, status=PilotStatus.REPLICATED, results="Tốt", replicated_to=[cast.commune_a1])
    assert exc.value.message_dict["replicated_to"] == [
        str(services.ERR_REPLICATED_SELF % {"org": cast.commune_a1.name})
    ]


def test_replication_targets_are_chosen_in_the_users_scope(cast, client_for):
    pilot = _pilot(cast.commune_a1)
    page = client_for(cast.leader).get(reverse("activities:pilot-edit", args=[pilot.pk])).content.decode()
    assert "Chi bộ thôn Nà Pài" in page and "Vũ Muộn" not in page and "Xuất Hóa" not in page
    data = _post(status=PilotStatus.REPLICATED, results="Tốt", replicated_to=[cast.commune_b1.pk])
    response = client_for(cast.leader).post(reverse("activities:pilot-edit", args=[pilot.pk]), data)
    assert response.status_code == 200
    assert "Xuất Hóa" not in response.content.decode()
    assert not pilot.replicated_to.exists()


def test_targets_the_editor_cannot_see_are_kept(cast, client_for):
    pilot = _pilot(
        cast.commune_a1, status=PilotStatus.REPLICATED, results="Tốt", replicated_to=[cast.commune_a2]
    )
    data = _post(status=PilotStatus.REPLICATED, results="Tốt", replicated_to=[cast.cell_a1.pk])
    assert (
        client_for(cast.leader).post(reverse("activities:pilot-edit", args=[pilot.pk]), data).status_code
        == 302
    )
    assert set(pilot.replicated_to.all()) == {cast.commune_a2, cast.cell_a1}
    page = client_for(cast.leader).get(reverse("activities:pilot-detail", args=[pilot.pk])).content.decode()
    assert "Vũ Muộn" not in page and "ngoài phạm vi theo dõi" in page


def test_the_list_filters_by_year_status_and_subtree(cast, client_for):
    _pilot(cast.commune_a1, name="Mô hình A một")
    _pilot(cast.commune_a2, name="Mô hình A hai", status=PilotStatus.EFFECTIVE, results="Tốt")
    _pilot(cast.cell_a1, name="Mô hình cũ", started_on=datetime.date(2021, 1, 4))
    client = client_for(cast.officer)
    url = reverse("activities:pilot-list")
    body = client.get(url).content.decode()
    assert all(n in body for n in ("Mô hình A một", "Mô hình A hai", "Mô hình cũ"))
    body = client.get(url, {"year": 2021}).content.decode()
    assert "Mô hình cũ" in body and "Mô hình A một" not in body
    body = client.get(url, {"status": PilotStatus.EFFECTIVE}).content.decode()
    assert "Mô hình A hai" in body and "Mô hình A một" not in body
    body = client.get(url, {"org": cast.commune_a1.pk}).content.decode()
    assert "Mô hình cũ" in body and "Mô hình A hai" not in body
    assert client.get(url, {"org": cast.commune_b1.pk}).status_code == 404


def test_it_exports_the_list_to_excel(cast, client_for):
    _pilot(
        cast.commune_a1,
        name="Mô hình xuất",
        status=PilotStatus.REPLICATED,
        results="Tốt",
        replicated_to=[cast.cell_a1],
    )
    response = client_for(cast.officer).get(
        reverse("activities:pilot-list"), {"format": "xlsx", "year": 2025}
    )
    assert response["Content-Disposition"] == 'attachment; filename="mo-hinh-2025.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = sheets.table(sheet)
    assert rows[0][:5] == ("Tên mô hình", "Tổ chức", "Lĩnh vực", "Ngày bắt đầu", "Tình trạng")
    assert rows[1][0] == "Mô hình xuất"
    assert rows[1][3] == datetime.datetime(2025, 4, 1)
    assert sheets.rows(sheet, cells=True)[0][3].number_format == "dd/mm/yyyy"
    assert rows[1][4] == "Đã nhân rộng"
    assert rows[1][6:] == (1, "Chi bộ thôn Nà Pài")


def test_a_member_cannot_file_a_model(cast, client_for):
    client = client_for(cast.member)
    assert client.get(reverse("activities:pilot-create")).status_code == 403
    assert client.post(reverse("activities:pilot-create"), _post(org=cast.cell_a1.pk)).status_code in (
        403,
        404,
    )
    assert not PilotModel.objects.exists()


def test_the_inspector_reads_but_does_not_write(cast, client_for):
    pilot = _pilot(cast.commune_a1)
    client = client_for(cast.inspector)
    assert client.get(reverse("activities:pilot-detail", args=[pilot.pk])).status_code == 200
    assert client.get(reverse("activities:pilot-edit", args=[pilot.pk])).status_code == 403
    assert client.post(reverse("activities:pilot-create"), _post(org=cast.commune_a1.pk)).status_code == 403


def test_the_leader_of_a_commune_files_models_for_it(cast, client_for):
    response = client_for(cast.leader).post(reverse("activities:pilot-create"), _post(org=cast.cell_a1.pk))
    assert response.status_code == 302
    assert PilotModel.objects.get().org == cast.cell_a1


def test_filing_for_an_org_outside_the_scope_is_refused(cast, client_for):
    """pilot-create names its org in the query string or the POST body (scope rule "query")."""
    for role in ("officer", "leader", "inspector", "member"):
        client = client_for(cast.actors()[role])
        assert client.get(reverse("activities:pilot-create"), {"org": cast.commune_b1.pk}).status_code in (
            403,
            404,
        )
        assert client.post(reverse("activities:pilot-create"), _post(org=cast.commune_b1.pk)).status_code in (
            403,
            404,
        )
    assert not PilotModel.objects.exists()
