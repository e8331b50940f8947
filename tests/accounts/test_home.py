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


def test_a_member_past_the_deadline_sees_how_many_days_overdue(cast, client_for):
    from django.utils import timezone

    from tests.cycle.builders import in_days, make_commitment, open_year

    if in_days(-20).year != timezone.localdate().year:
        pytest.skip("the deadline must fall in this year: not in the first days of January")
    open_year(cast.district_a, actor=cast.officer, commitment_deadline=in_days(-20))
    body = _home(client_for, cast.member).content.decode()
    assert f"Quá hạn 20 ngày: hạn nộp bản cam kết là {in_days(-20):%d/%m/%Y}." in body
    record = make_commitment(person=cast.member_person, actor=cast.member)
    assert "Quá hạn 20 ngày" in _home(client_for, cast.member).content.decode()  # a draft still owes it
    page = client_for(cast.member).get(reverse("cycle:record-detail", args=[record.pk])).content.decode()
    assert 'class="banner overdue"' in page and "Quá hạn 20 ngày" in page


def test_a_member_sees_the_days_left_and_nothing_once_submitted(cast, client_for):
    from lamtheobac.cycle import services
    from tests.cycle.builders import in_days, make_commitment, open_year

    open_year(cast.district_a, actor=cast.officer, commitment_deadline=in_days(3))
    if in_days(3).year != in_days(0).year:
        pytest.skip("the deadline must fall in this year: not in the last days of December")
    assert "Còn 3 ngày: hạn nộp bản cam kết là" in _home(client_for, cast.member).content.decode()
    services.record_submit(
        actor=cast.member, record=make_commitment(person=cast.member_person, actor=cast.member)
    )
    body = _home(client_for, cast.member).content.decode()
    assert "Còn 3 ngày" not in body and "Quá hạn" not in body


def test_a_leader_sees_how_long_the_oldest_record_has_waited(cast, client_for):
    import datetime

    from django.utils import timezone

    from lamtheobac.cycle import services
    from lamtheobac.cycle.models import Record
    from tests.cycle.builders import make_commitment, open_year

    open_year(cast.district_a, actor=cast.officer)
    record = services.record_submit(
        actor=cast.member, record=make_commitment(person=cast.member_person, actor=cast.member)
    )
    Record.objects.filter(pk=record.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=12))
    body = _home(client_for, cast.leader).content.decode()
    since = timezone.localdate() - datetime.timedelta(days=12)
    assert (
        f"1 hồ sơ đang chờ bạn duyệt</strong>; hồ sơ chờ lâu nhất đã 12 ngày (nộp ngày {since:%d/%m/%Y})."
        in body
    )
    assert "chờ lâu nhất" not in _home(client_for, cast.officer).content.decode()  # officers do not approve
