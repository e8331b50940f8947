import pytest
from django.urls import reverse

from lamtheobac.organisation.models import Org, Person, Role, RoleGrant

from ..factories import OrgFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_tree_starts_at_the_users_own_subtree(cast, client_for):
    response = client_for(cast.leader).get(reverse("organisation:org-tree"))
    assert list(response.context["roots"]) == [cast.commune_a1]


def test_children_load_on_expand(cast, client_for):
    response = client_for(cast.officer).get(reverse("organisation:org-children", args=[cast.district_a.pk]))
    body = response.content.decode()
    assert "Đảng bộ xã Lục Bình" in body and "Đảng bộ xã Vũ Muộn" in body


def test_the_detail_page_shows_breadcrumbs_from_the_root_of_the_tree(cast, client_for):
    response = client_for(cast.officer).get(reverse("organisation:org-detail", args=[cast.cell_a1.pk]))
    crumbs = [o.name for o in response.context["breadcrumbs"]]
    assert crumbs == [
        "Tỉnh ủy Thử nghiệm",
        "Đảng bộ huyện An Bình",
        "Đảng bộ xã Lục Bình",
        "Chi bộ thôn Nà Pài",
    ]


def test_an_officer_adds_a_cell(cast, client_for):
    response = client_for(cast.officer).post(
        reverse("organisation:org-create", args=[cast.commune_a1.pk]),
        {"name": "Chi bộ thôn Bản Cậu", "code": "A1C2", "kind": "cell", "sort_order": "2"},
    )
    org = Org.objects.get(code="A1C2")
    assert response.status_code == 302 and response["Location"] == reverse(
        "organisation:org-detail", args=[org.pk]
    )
    assert org.parent == cast.commune_a1


def test_a_duplicate_code_is_shown_on_the_form(cast, client_for):
    response = client_for(cast.officer).post(
        reverse("organisation:org-create", args=[cast.commune_a1.pk]),
        {"name": "Chi bộ trùng mã", "code": "A1C1", "kind": "cell"},
    )
    assert response.status_code == 200
    assert "Mã “A1C1” đã được dùng cho tổ chức khác." in response.content.decode()
    assert not Org.objects.filter(name="Chi bộ trùng mã").exists()


def test_an_unknown_kind_is_refused(cast, client_for):
    response = client_for(cast.officer).post(
        reverse("organisation:org-create", args=[cast.commune_a1.pk]),
        {"name": "Câu lạc bộ", "code": "CLB", "kind": "club"},
    )
    assert response.status_code == 200
    assert not Org.objects.filter(code="CLB").exists()


def test_a_leader_may_look_but_not_change(cast, client_for):
    client = client_for(cast.leader)
    assert client.get(reverse("organisation:org-detail", args=[cast.cell_a1.pk])).status_code == 200
    for name in ("org-create", "org-edit", "org-move", "org-merge", "org-grants"):
        assert client.get(reverse(f"organisation:{name}", args=[cast.cell_a1.pk])).status_code == 403, name
    response = client.post(reverse("organisation:org-edit", args=[cast.cell_a1.pk]),
                           {"name": "Đổi tên", "code": "A1C1", "kind": "cell"})  # fmt: skip
    assert response.status_code == 403
    assert Org.objects.get(pk=cast.cell_a1.pk).name == "Chi bộ thôn Nà Pài"


def test_an_officer_renames_an_org(cast, client_for):
    client_for(cast.officer).post(
        reverse("organisation:org-edit", args=[cast.cell_a1.pk]),
        {"name": "Chi bộ thôn Nà Pài – Nà Cù", "code": "A1C1", "kind": "cell", "sort_order": "0"},
    )
    assert Org.objects.get(pk=cast.cell_a1.pk).name == "Chi bộ thôn Nà Pài – Nà Cù"


def test_an_officer_moves_an_org_within_the_subtree(cast, client_for):
    client_for(cast.officer).post(
        reverse("organisation:org-move", args=[cast.cell_a1.pk]), {"new_parent": cast.commune_a2.pk}
    )
    assert Org.objects.get(pk=cast.cell_a1.pk).parent == cast.commune_a2


def test_the_move_form_offers_no_descendant_and_nothing_outside_the_scope(cast, client_for):
    response = client_for(cast.officer).get(reverse("organisation:org-move", args=[cast.commune_a1.pk]))
    choices = set(response.context["form"].fields["new_parent"].queryset)
    assert cast.cell_a1 not in choices and cast.commune_a1 not in choices
    assert cast.district_b not in choices and cast.commune_b1 not in choices
    assert cast.commune_a2 in choices


def test_moving_under_an_outside_org_is_refused(cast, client_for):
    response = client_for(cast.officer).post(
        reverse("organisation:org-move", args=[cast.cell_a1.pk]), {"new_parent": cast.commune_b1.pk}
    )
    assert response.status_code == 200  # form error: not a valid choice
    assert Org.objects.get(pk=cast.cell_a1.pk).parent == cast.commune_a1


def test_deactivating_an_org_with_people_says_why(cast, client_for):
    response = client_for(cast.officer).post(
        reverse("organisation:org-deactivate", args=[cast.cell_a1.pk]), follow=True
    )
    assert "2 người đang sinh hoạt" in response.content.decode()
    assert Org.objects.get(pk=cast.cell_a1.pk).active


def test_an_officer_merges_two_communes_into_a_new_one(cast, client_for):
    response = client_for(cast.officer).post(
        reverse("organisation:org-merge", args=[cast.district_a.pk]),
        {"sources": [cast.commune_a1.pk, cast.commune_a2.pk], "target_mode": "new",
         "name": "Đảng bộ xã Lục Bình mới", "code": "LBM", "kind": "grassroots_committee"},
    )  # fmt: skip
    new = Org.objects.get(code="LBM")
    assert response["Location"] == reverse("organisation:org-detail", args=[new.pk])
    assert set(new.merged_from.all()) == {cast.commune_a1, cast.commune_a2}
    assert Person.objects.get(pk=cast.person_a2.pk).org == new


def test_a_merge_into_one_of_the_chosen_keeps_it(cast, client_for):
    client_for(cast.officer).post(
        reverse("organisation:org-merge", args=[cast.district_a.pk]),
        {
            "sources": [cast.commune_a1.pk, cast.commune_a2.pk],
            "target_mode": "existing",
            "keep": cast.commune_a1.pk,
        },
    )
    assert Org.objects.get(pk=cast.commune_a2.pk).merged_into_id == cast.commune_a1.pk
    assert Org.objects.get(pk=cast.commune_a1.pk).active


def test_a_merge_with_a_bad_new_code_leaves_nothing_half_done(cast, client_for):
    response = client_for(cast.officer).post(
        reverse("organisation:org-merge", args=[cast.district_a.pk]),
        {"sources": [cast.commune_a1.pk, cast.commune_a2.pk], "target_mode": "new",
         "name": "Xã mới", "code": "A1C1", "kind": "grassroots_committee"},
    )  # fmt: skip
    assert response.status_code == 200
    assert Org.objects.get(pk=cast.commune_a1.pk).active and Org.objects.get(pk=cast.commune_a2.pk).active
    assert not Org.objects.filter(name="Xã mới").exists()


def test_an_officer_grants_a_role_in_the_subtree(cast, client_for):
    newcomer = UserFactory(username="newcomer")
    client_for(cast.officer).post(
        reverse("organisation:org-grants", args=[cast.commune_a2.pk]),
        {"username": "newcomer", "role": "leader"},
    )
    assert RoleGrant.objects.filter(user=newcomer, org=cast.commune_a2, role=Role.LEADER).exists()


def test_an_officer_cannot_grant_admin(cast, client_for):
    UserFactory(username="newcomer")
    response = client_for(cast.officer).post(
        reverse("organisation:org-grants", args=[cast.commune_a2.pk]),
        {"username": "newcomer", "role": "admin"},
    )
    assert response.status_code == 200
    assert not RoleGrant.objects.filter(role=Role.ADMIN, user__username="newcomer").exists()


def test_an_officer_cannot_revoke_an_admin_grant(cast, client_for):
    grant = RoleGrant.objects.create(user=UserFactory(), org=cast.commune_a2, role=Role.ADMIN)
    response = client_for(cast.officer).post(reverse("organisation:grant-revoke", args=[grant.pk]))
    assert response.status_code == 403
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_an_admin_grants_admin(cast, client_for):
    newcomer = UserFactory(username="newcomer")
    client_for(cast.admin).post(
        reverse("organisation:org-grants", args=[cast.province.pk]), {"username": "newcomer", "role": "admin"}
    )
    assert RoleGrant.objects.filter(user=newcomer, role=Role.ADMIN).exists()


def test_an_officer_revokes_a_grant(cast, client_for):
    grant = RoleGrant.objects.get(user=cast.leader)
    client_for(cast.officer).post(reverse("organisation:grant-revoke", args=[grant.pk]))
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


def test_the_detail_page_makes_a_fixed_number_of_queries(cast, client_for, django_assert_max_num_queries):
    for i in range(15):
        OrgFactory(parent=cast.commune_a1, code=f"EXTRA{i}")
    client = client_for(cast.officer)
    with django_assert_max_num_queries(17):  # the people of the children's subtrees: one query for all 15
        assert client.get(reverse("organisation:org-detail", args=[cast.commune_a1.pk])).status_code == 200


@pytest.mark.parametrize("order", [str(2**31), "9" * 25, "٣", "²"])
def test_an_order_no_integer_column_holds_is_refused_on_the_form(cast, client_for, order):
    """2**31 overflowed PostgreSQL's integer column, 25 digits SQLite's; '٣' was read as 3."""
    from lamtheobac.lib.fields import ERR_NOT_A_NUMBER

    response = client_for(cast.officer).post(
        reverse("organisation:org-edit", args=[cast.cell_a1.pk]),
        {"name": "Chi bộ thôn Nà Pài", "code": "A1C1", "kind": "cell", "sort_order": order},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["sort_order"]
    assert errors and (order not in ("٣", "²") or errors == [str(ERR_NOT_A_NUMBER)])
