"""Mass assignment: a form posted with an ``org``, ``person``, ``owner``, ``parent`` or ``user`` of another
district (a field the form lacks, or a choice it does not offer) changes nothing outside the poster's scope.

The officer of district A posts each form with valid data plus the ids of district B's objects."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lamtheobac.activities.models import Exemplar
from lamtheobac.imports.models import ImportJob
from lamtheobac.organisation.models import Org, Person

pytestmark = pytest.mark.django_db


def _foreign(cast) -> dict:
    """Every name an attacker might try, pointing into district B."""
    return {"org": cast.cell_b1.pk, "org_id": cast.cell_b1.pk, "person": cast.secret_person.pk,
            "person_id": cast.secret_person.pk, "owner": cast.outsider.pk, "user": cast.outsider.pk,
            "parent": cast.district_b.pk, "parent_id": cast.district_b.pk, "created_by": cast.outsider.pk}  # fmt: skip


def test_editing_a_person_cannot_move_her_elsewhere(cast, client_for):
    url = reverse("organisation:person-edit", args=[cast.colleague.pk])
    data = {"full_name": "Nông Văn Dũng", "kind": cast.colleague.kind, "active": "on", **_foreign(cast)}
    response = client_for(cast.officer).post(url, data)
    assert response.status_code == 302
    cast.colleague.refresh_from_db()
    assert cast.colleague.org == cast.cell_a1 and cast.colleague.user_id is None


def test_moving_a_person_into_another_district_is_refused(cast, client_for):
    url = reverse("organisation:person-move", args=[cast.colleague.pk])
    response = client_for(cast.officer).post(url, {"to_org": cast.cell_b1.pk, "reason": "x"})
    assert response.status_code == 200  # the form again, with the error
    cast.colleague.refresh_from_db()
    assert cast.colleague.org == cast.cell_a1 and not cast.colleague.moves.exists()


def test_moving_an_org_under_another_district_is_refused(cast, client_for):
    url = reverse("organisation:org-move", args=[cast.commune_a2.pk])
    client_for(cast.officer).post(url, {"new_parent": cast.district_b.pk})
    assert Org.objects.get(pk=cast.commune_a2.pk).parent == cast.district_a


def test_editing_an_org_cannot_reparent_it(cast, client_for):
    url = reverse("organisation:org-edit", args=[cast.cell_a1.pk])
    data = {"name": "Chi bộ thôn Nà Pài", "code": "A1C1", "kind": cast.cell_a1.kind, **_foreign(cast)}
    assert client_for(cast.officer).post(url, data).status_code == 302
    cell = Org.objects.get(pk=cast.cell_a1.pk)
    assert cell.parent == cast.commune_a1 and cell.path.startswith(cast.commune_a1.path)


def test_adding_a_person_lands_in_the_org_of_the_url(cast, client_for):
    url = reverse("organisation:person-create", args=[cast.cell_a1.pk])
    data = {"full_name": "Lò Văn Mới", "kind": cast.colleague.kind, **_foreign(cast)}
    assert client_for(cast.officer).post(url, data).status_code == 302
    person = Person.objects.get(full_name="Lò Văn Mới")
    assert person.org == cast.cell_a1 and person.user_id is None
    assert not Person.objects.filter(org=cast.cell_b1, full_name="Lò Văn Mới").exists()


def test_an_import_into_another_district_is_refused(cast, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "ds.csv", "Họ và tên,Đối tượng,Mã tổ chức\nA,Đảng viên chính thức,B1C1\n".encode()
    )
    client = client_for(cast.officer)
    response = client.post(
        reverse("imports:home"), {"org": cast.district_b.pk, "kind": "people", "file": upload}
    )
    assert response.status_code in (200, 403, 404)
    assert not ImportJob.objects.filter(under=cast.district_b).exists()
    upload.seek(0)  # the same file into the officer's own district is taken
    assert (
        client.post(
            reverse("imports:home"), {"org": cast.district_a.pk, "kind": "people", "file": upload}
        ).status_code
        == 302
    )


def test_nominating_a_person_of_another_district_is_refused(cast, client_for):
    url = reverse("activities:exemplar-create") + f"?org={cast.commune_a1.pk}"
    data = {"person": cast.secret_person.pk, "title": "Gương", "achievements": "Thành tích", "consent": "on",
            "nominated_on": "01/05/2026", "org": cast.cell_b1.pk}  # fmt: skip
    client = client_for(cast.leader)
    client.post(url, data)
    assert not Exemplar.objects.filter(person=cast.secret_person).exists()
    assert not Exemplar.objects.filter(org__path__startswith=cast.district_b.path).exists()
    # the same form with a person of the leader's own commune goes through, and stays in that commune
    assert client.post(url, data | {"person": cast.member_person.pk}).status_code == 302
    assert Exemplar.objects.get(person=cast.member_person).org.path.startswith(cast.commune_a1.path)
