import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _home(client_for, user):
    response = client_for(user).get(reverse("home"))
    assert response.status_code == 200
    return response


def test_a_member_sees_their_own_record(cast, client_for):
    response = _home(client_for, cast.member)
    assert response.context["me"] == cast.member_person
    assert response.context["sections"] == []
    body = response.content.decode()
    assert "Hồ sơ của tôi" in body and "Hoàng Thị Mai" in body
    assert "Nông Văn Dũng" not in body  # a colleague is not shown to a member


def test_a_leader_sees_their_commune(cast, client_for):
    response = _home(client_for, cast.leader)
    [section] = response.context["sections"]
    assert section.role == "leader" and section.org == cast.commune_a1
    assert section.stats.people_total == 2
    assert "Chi bộ thôn Nà Pài" in response.content.decode()


def test_an_officer_sees_their_subtree_and_recent_changes(cast, client_for):
    response = _home(client_for, cast.officer)
    [section] = response.context["sections"]
    assert section.org == cast.district_a
    assert section.stats.people_total == 4  # three people in the communes plus the officer himself
    assert len(section.events) > 0


def test_a_user_with_two_grants_sees_both(cast, client_for):
    from lamtheobac.organisation import services

    services.grant_create(actor=None, user=cast.leader, org=cast.commune_a2, role="inspector")
    response = _home(client_for, cast.leader)
    assert [s.org for s in response.context["sections"]] == [cast.commune_a1, cast.commune_a2]


def test_a_user_without_any_role_is_told_so(db, client_for):
    from ..factories import UserFactory

    response = _home(client_for, UserFactory())
    assert "chưa được phân quyền" in response.content.decode()


def test_the_home_page_is_in_vietnamese_with_the_date_format(cast, client_for):
    body = _home(client_for, cast.officer).content.decode()
    assert '<html lang="vi">' in body
    assert "Trang chủ" in body


def test_healthz_checks_the_database(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_dead_database(client, db, monkeypatch):
    from django.db import connection

    def broken(*args, **kwargs):
        raise RuntimeError("database is gone")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503


def test_the_member_is_asked_to_write_then_sees_the_state(cast, client_for):
    from tests.cycle.builders import make_commitment, open_year

    open_year(cast.district_a, actor=cast.officer)
    body = _home(client_for, cast.member).content.decode()
    assert "Bạn chưa có bản cam kết năm nay." in body
    make_commitment(person=cast.member_person, actor=cast.member)
    response = _home(client_for, cast.member)
    assert response.context["cycle"].my_record.state == "draft"
    assert "Viết tiếp, nộp bản cam kết" in response.content.decode()


def test_a_leader_sees_how_many_records_wait(cast, client_for):
    from lamtheobac.cycle import services
    from tests.cycle.builders import make_commitment, open_year

    open_year(cast.district_a, actor=cast.officer)
    services.record_submit(
        actor=cast.member, record=make_commitment(person=cast.member_person, actor=cast.member)
    )
    response = _home(client_for, cast.leader)
    assert response.context["cycle"].waiting == 1
    assert "1 hồ sơ đang chờ bạn duyệt" in response.content.decode()
    assert _home(client_for, cast.officer).context["cycle"].waiting == 0  # officers do not approve
