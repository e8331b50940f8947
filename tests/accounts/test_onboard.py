"""Accounts for a whole unit at once: who may, for whom, what is made, what the slip page shows."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lamtheobac.accounts import codes
from lamtheobac.accounts.models import SignInCode
from lamtheobac.accounts.selectors import person_version
from lamtheobac.accounts.services import username_base, username_for
from lamtheobac.audit.models import Action, Entry
from lamtheobac.organisation.models import Account, Person, Role, RoleGrant

from ..factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

CODE = re.compile(r'class="code">([A-Z2-9]{4}-[A-Z2-9]{4})<')


def ticks(people) -> list[str]:
    """The boxes as the page ticks them: each person's id and the version the page showed."""
    return [f"{p.pk}:{person_version(Person.objects.get(pk=p.pk))}" for p in people]


def _open(client, org, people):
    url = reverse("accounts:onboard", kwargs={"org_id": org.pk})
    return client.post(url, {"action": "open", "person": ticks(people)})


def test_user_names_are_the_folded_names_made_unique():
    assert username_base("Nguyễn Văn An") == "nguyenvanan"
    assert username_base("Đặng Thị Ánh") == "dangthianh"
    assert username_base("H'Hen Niê") == "hhennie"
    assert username_for("Nguyễn Văn An", {"nguyenvanan"}) == "nguyenvanan2"
    assert username_for("Nguyễn Văn An", {"nguyenvanan", "nguyenvanan2"}) == "nguyenvanan3"


def test_it_opens_accounts_for_a_cell_in_one_step(cast, client_for):
    UserFactory(username="NguyenVanAn")  # taken, in another case
    first = PersonFactory(full_name="Nguyễn Văn An", org=cast.cell_a1)
    second = PersonFactory(full_name="nguyễn văn an", org=cast.cell_a1)
    response = _open(client_for(cast.officer), cast.cell_a1, [first, second, cast.colleague])
    assert response.status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    cast.colleague.refresh_from_db()
    assert {first.user.username, second.user.username} == {"nguyenvanan2", "nguyenvanan3"}
    assert cast.colleague.user.username == "nongvandung"
    for person in (first, second, cast.colleague):
        assert not person.user.has_usable_password()
        assert Account.objects.get(user=person.user).must_change_password
        assert RoleGrant.objects.filter(user=person.user, org=cast.cell_a1, role=Role.MEMBER).exists()
    shown = CODE.findall(response.content.decode())
    assert len(shown) == 3
    for code in shown:  # stored only as a keyed digest
        plain = codes.normalised(code)
        assert not SignInCode.objects.filter(digest__icontains=plain).exists()
    assert Entry.objects.filter(action=Action.ACCOUNTS_OPENED, org_name=cast.cell_a1.name).count() == 1


def test_the_slip_page_prints_name_user_name_code_address_and_qr_and_is_not_kept(cast, client_for, settings):
    settings.SITE_URL = "https://lamtheobac.example.vn"
    client = client_for(cast.officer)
    response = _open(client, cast.commune_a1, [cast.colleague])
    body = response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert "Nông Văn Dũng" in body and "nongvandung" in body
    assert "https://lamtheobac.example.vn" in body
    assert body.count("<svg") == 1
    assert "Chi bộ thôn Nà Pài — Đảng bộ xã Lục Bình" in body
    (code,) = CODE.findall(body)
    again = client.get(reverse("accounts:onboard", kwargs={"org_id": cast.commune_a1.pk})).content.decode()
    assert code not in again and "nongvandung" in again
    assert "chờ đăng nhập lần đầu" in again


def test_a_cell_leader_opens_accounts_in_their_unit(cast, client_for):
    leader = UserFactory(username="bithu")
    RoleGrant.objects.create(user=leader, org=cast.cell_a1, role=Role.LEADER)
    response = _open(client_for(leader), cast.cell_a1, [cast.colleague])
    assert response.status_code == 200
    cast.colleague.refresh_from_db()
    assert cast.colleague.user.username == "nongvandung"


def test_no_account_is_opened_for_a_person_outside_the_actors_scope(cast, client_for):
    # the commune leader names a person of another commune and one of another district in the form
    response = _open(
        client_for(cast.leader), cast.commune_a1, [cast.person_a2, cast.secret_person, cast.colleague]
    )
    assert response.status_code == 200
    assert Person.objects.get(pk=cast.person_a2.pk).user_id is None
    assert Person.objects.get(pk=cast.secret_person.pk).user_id is None
    assert Person.objects.get(pk=cast.colleague.pk).user_id is not None
    assert "Lục Văn Bình" not in response.content.decode()


def test_a_unit_outside_the_scope_is_not_found_and_without_the_right_forbidden(cast, client_for):
    leader = client_for(cast.leader)
    assert leader.get(reverse("accounts:onboard", kwargs={"org_id": cast.commune_a2.pk})).status_code == 404
    assert _open(leader, cast.commune_a2, [cast.person_a2]).status_code == 404
    assert Person.objects.get(pk=cast.person_a2.pk).user_id is None
    inspector = client_for(cast.inspector)
    assert (
        inspector.get(reverse("accounts:onboard", kwargs={"org_id": cast.commune_a1.pk})).status_code == 403
    )
    assert _open(inspector, cast.commune_a1, [cast.colleague]).status_code == 403
    assert (
        client_for(cast.member)
        .get(reverse("accounts:onboard", kwargs={"org_id": cast.cell_a1.pk}))
        .status_code
        == 404
    )


def test_assisted_people_get_no_account_and_are_counted(cast, client_for):
    client = client_for(cast.officer)
    url = reverse("accounts:onboard", kwargs={"org_id": cast.cell_a1.pk})
    client.post(url, {"action": "assisted", "person": ticks([cast.colleague])})
    assert Person.objects.get(pk=cast.colleague.pk).assisted
    assert Entry.objects.filter(action=Action.ASSISTED_CHANGED).exists()
    page = client.get(url).content.decode()
    assert re.search(r"nhập hộ 1\b", page)
    other = PersonFactory(full_name="Lý Văn Tư", org=cast.cell_a1)
    response = _open(client, cast.cell_a1, [cast.colleague, other])
    assert Person.objects.get(pk=cast.colleague.pk).user_id is None
    body = response.content.decode()
    assert "Nhập hộ (không dùng điện thoại, bí thư chi bộ nhập thay): 1 đồng chí — Nông Văn Dũng." in body
    assert len(CODE.findall(body)) == 1


def test_nobody_chosen_opens_nothing(cast, client_for):
    response = _open(client_for(cast.officer), cast.cell_a1, [])
    assert response.status_code == 302
    assert not SignInCode.objects.exists()


def test_the_people_of_a_roster_import_are_selected(cast, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lamtheobac.imports import services as imports

    content = (
        f"Họ và tên,Đối tượng,Mã tổ chức\nĐinh Văn Mới,Đảng viên chính thức,{cast.cell_a1.code}\n".encode()
    )
    job = imports.job_create(actor=cast.officer, kind="people", under=cast.commune_a1,
                             upload=SimpleUploadedFile("moi.csv", content))  # fmt: skip
    job.refresh_from_db()
    imports.job_import(actor=cast.officer, job=job)
    job.refresh_from_db()
    assert job.status == "done", job.message
    page = (
        client_for(cast.officer)
        .get(reverse("accounts:onboard", kwargs={"org_id": cast.commune_a1.pk}), {"job": job.pk})
        .content.decode()
    )
    assert "Đinh Văn Mới" in page
    assert "Nông Văn Dũng" not in page  # in the unit, not in the file


def test_the_unit_pages_lead_there_for_those_who_may(cast, client_for):
    url = reverse("accounts:onboard", kwargs={"org_id": cast.commune_a1.pk})
    detail = reverse("organisation:org-detail", kwargs={"org_id": cast.commune_a1.pk})
    assert url in client_for(cast.leader).get(detail).content.decode()
    assert url not in client_for(cast.inspector).get(detail).content.decode()
    listed = client_for(cast.officer).get(
        reverse("organisation:person-list"), {"org": cast.commune_a1.pk, "q": "dung"}
    )
    assert f"{url}?q=dung" in listed.content.decode()


def test_the_filter_of_the_people_list_is_kept(cast, client_for):
    page = client_for(cast.officer).get(
        reverse("accounts:onboard", kwargs={"org_id": cast.commune_a1.pk}), {"q": "dung"}
    )
    body = page.content.decode()
    assert "Nông Văn Dũng" in body and "Hoàng Thị Mai" not in body


def test_a_person_changed_since_the_page_was_opened_is_not_acted_on(cast, client_for):
    client = client_for(cast.officer)
    url = reverse("accounts:onboard", kwargs={"org_id": cast.cell_a1.pk})
    shown = ticks([cast.colleague])
    Person.objects.filter(pk=cast.colleague.pk).update(
        assisted=True, updated_at=timezone.now()
    )  # someone else
    response = client.post(url, {"action": "not_assisted", "person": shown}, follow=True)
    assert Person.objects.get(pk=cast.colleague.pk).assisted
    assert "Chưa xử lý 1 người vì đã có thay đổi từ lúc mở trang" in response.content.decode()
    assert client.post(url, {"action": "open", "person": shown}).status_code == 302
    assert Person.objects.get(pk=cast.colleague.pk).user_id is None
