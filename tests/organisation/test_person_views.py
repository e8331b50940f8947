import unicodedata

import pytest
from django.urls import reverse

from lamtheobac.organisation.models import Person, PersonMove, Role, RoleGrant

pytestmark = pytest.mark.django_db


def test_an_officer_adds_a_person_with_a_normalised_name(cast, client_for):
    response = client_for(cast.officer).post(
        reverse("organisation:person-create", args=[cast.cell_a1.pk]),
        {"full_name": unicodedata.normalize("NFD", "  ma  thị   THU "), "kind": "member", "gender": "female",
         "birth_year": "1985"},
    )  # fmt: skip
    person = Person.objects.get(name_folded="ma thi thu")
    assert response["Location"] == reverse("organisation:person-detail", args=[person.pk])
    assert person.full_name == "Ma Thị Thu" and person.org == cast.cell_a1 and person.active


def test_an_empty_name_is_refused(cast, client_for):
    response = client_for(cast.officer).post(
        reverse("organisation:person-create", args=[cast.cell_a1.pk]), {"full_name": "   ", "kind": "member"}
    )
    assert response.status_code == 200
    assert Person.objects.count() == 5


def test_a_leader_cannot_add_people(cast, client_for):
    response = client_for(cast.leader).post(
        reverse("organisation:person-create", args=[cast.cell_a1.pk]),
        {"full_name": "Ai Đó", "kind": "member"},
    )
    assert response.status_code == 403
    assert not Person.objects.filter(full_name="Ai Đó").exists()


def test_a_member_sees_only_themselves(cast, client_for):
    client = client_for(cast.member)
    assert client.get(reverse("organisation:person-detail", args=[cast.member_person.pk])).status_code == 200
    assert client.get(reverse("organisation:person-detail", args=[cast.colleague.pk])).status_code == 404
    assert client.get(reverse("organisation:org-detail", args=[cast.cell_a1.pk])).status_code == 404
    listing = client.get(reverse("organisation:person-list"))
    assert [p.pk for p in listing.context["page"]] == [cast.member_person.pk]


def test_a_member_cannot_edit_even_themselves(cast, client_for):
    response = client_for(cast.member).post(
        reverse("organisation:person-edit", args=[cast.member_person.pk]),
        {"full_name": "Đổi Tên", "kind": "member"},
    )
    assert response.status_code == 403


def test_the_leader_of_another_commune_gets_404(cast, client_for):
    """A commune secretary (the demo's `bithu_xa`) opening a person of another commune."""
    response = client_for(cast.leader).get(reverse("organisation:person-detail", args=[cast.person_a2.pk]))
    assert response.status_code == 404
    assert "Lục Văn Bình" not in response.content.decode()


def test_sensitive_identifiers_stay_off_lists_and_off_pages_for_leaders(cast, client_for):
    cast.colleague.party_card_number = "12345678"
    cast.colleague.citizen_id = "001085012345"
    cast.colleague.save()
    leader = client_for(cast.leader)
    for url in (reverse("organisation:person-list"), reverse("organisation:org-detail", args=[cast.cell_a1.pk]),
                reverse("organisation:person-detail", args=[cast.colleague.pk])):  # fmt: skip
        body = leader.get(url).content.decode()
        assert "12345678" not in body and "001085012345" not in body, url
    officer_page = client_for(cast.officer).get(
        reverse("organisation:person-detail", args=[cast.colleague.pk])
    )
    assert "001085012345" in officer_page.content.decode()
    officer_list = client_for(cast.officer).get(reverse("organisation:person-list"))
    assert "001085012345" not in officer_list.content.decode()


def test_an_officer_moves_a_person(cast, client_for):
    client_for(cast.officer).post(
        reverse("organisation:person-move", args=[cast.colleague.pk]),
        {"to_org": cast.commune_a2.pk, "reason": "Chuyển sinh hoạt"},
    )
    assert Person.objects.get(pk=cast.colleague.pk).org == cast.commune_a2
    assert PersonMove.objects.filter(person=cast.colleague, to_org=cast.commune_a2).exists()


def test_moving_a_person_out_of_the_scope_is_refused(cast, client_for):
    response = client_for(cast.officer).post(
        reverse("organisation:person-move", args=[cast.colleague.pk]), {"to_org": cast.cell_b1.pk}
    )
    assert response.status_code == 200
    assert Person.objects.get(pk=cast.colleague.pk).org == cast.cell_a1


def test_an_officer_edits_and_retires_a_person(cast, client_for):
    client_for(cast.officer).post(
        reverse("organisation:person-edit", args=[cast.colleague.pk]),
        {"full_name": "Nông Văn Dũng", "kind": "member", "position": "Trưởng thôn", "active": ""},
    )
    person = Person.objects.get(pk=cast.colleague.pk)
    assert person.position == "Trưởng thôn" and not person.active


def test_an_officer_cannot_open_an_account_with_a_weak_password(cast, client_for):
    response = client_for(cast.officer).post(
        reverse("organisation:person-account", args=[cast.colleague.pk]),
        {"username": "nongdung", "password": "12345678"},
    )
    assert response.status_code == 200
    codes = [e.code for e in response.context["form"].errors.as_data()["password"]]
    assert "password_entirely_numeric" in codes and "password_too_common" in codes
    assert Person.objects.get(pk=cast.colleague.pk).user_id is None


def test_an_officer_opens_an_account(cast, client_for):
    client_for(cast.officer).post(
        reverse("organisation:person-account", args=[cast.colleague.pk]),
        {"username": "nongdung", "password": "Bac-Kan-2020"},
    )
    person = Person.objects.get(pk=cast.colleague.pk)
    assert person.user.username == "nongdung"
    assert RoleGrant.objects.filter(user=person.user, role=Role.MEMBER, org=cast.cell_a1).exists()


@pytest.mark.parametrize("name", ["Nguyễn Văn ²", "Lò Văn ٣", "Hà Thị １２"])
def test_a_name_with_digits_is_refused_with_a_message(cast, client_for, name):
    from lamtheobac.organisation.names import ERR_NAME_CHARACTERS

    response = client_for(cast.officer).post(
        reverse("organisation:person-create", args=[cast.cell_a1.pk]), {"full_name": name, "kind": "member"}
    )
    assert response.status_code == 200
    assert [e.message for e in response.context["form"].errors.as_data()["full_name"]] == [
        ERR_NAME_CHARACTERS
    ]
    assert Person.objects.count() == 5


def test_a_name_stored_before_the_check_does_not_block_other_changes(cast, client_for):
    cast.colleague.full_name = "Nông Văn Dũng 2"  # from an older import
    cast.colleague.save()
    response = client_for(cast.officer).post(
        reverse("organisation:person-edit", args=[cast.colleague.pk]),
        {"full_name": "Nông Văn Dũng 2", "kind": "member", "position": "Trưởng thôn", "active": "on"},
    )
    assert response.status_code == 302
    cast.colleague.refresh_from_db()
    assert cast.colleague.position == "Trưởng thôn"
