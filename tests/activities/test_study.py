"""Study sessions and cell meetings: recording with attendance, files, the year's theme, coverage, lists."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from lamtheobac.activities.models import Attendance, StudyFile, StudyKind, StudySession
from lamtheobac.activities.selectors import study as selectors
from lamtheobac.activities.services import study as services
from lamtheobac.cycle.rules import ERR_YEAR_CLOSED
from lamtheobac.cycle.services import PeriodInput, period_close, period_open, period_reopen
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import OrgKind, Role
from lamtheobac.reports import selectors as reports_selectors
from tests import sheets
from tests.factories import OrgFactory, UserFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64
YEAR = 2025
THEME = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần đoàn kết"
MINUTES = "Chi bộ quán triệt chuyên đề, đảng viên thảo luận, liên hệ bản thân."


def _post(**extra) -> dict:
    return {
        "held_on": "15/03/2025",
        "kind": StudyKind.THEMATIC,
        "topic": "Chủ đề riêng",
        "minutes": MINUTES,
    } | extra


def _session(
    org, *, kind=StudyKind.THEMATIC, held_on=datetime.date(YEAR, 3, 15), marks=(), topic="Chủ đề",
    minutes=MINUTES,
):  # fmt: skip
    data = services.StudyInput(held_on=held_on, kind=kind, topic=topic, minutes=minutes)
    return services.study_create(actor=None, org=org, data=data, attendance=marks)


# --- Recording ----------------------------------------------------------------------------------


def test_it_records_a_session_with_attendance_and_a_photo(cast, client_for):
    data = _post(org=cast.cell_a1.pk, minutes="Dòng một\nDòng hai") | {
        f"att-{cast.member_person.pk}": "present",
        f"att-{cast.colleague.pk}": "excused",
        "files": SimpleUploadedFile("anh-buoi-hoc.png", PNG),
    }
    response = client_for(cast.officer).post(reverse("activities:study-create"), data)
    session = StudySession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:study-detail", args=[session.pk])
    assert (session.org, session.year, session.topic) == (cast.cell_a1, YEAR, "Chủ đề riêng")
    assert session.minutes == "Dòng một\nDòng hai"
    marks = {a.person: a.status for a in session.attendance.all()}
    assert marks == {cast.member_person: "present", cast.colleague: "excused"}
    stored = StudyFile.objects.get(session=session)
    assert stored.original_name == "anh-buoi-hoc.png"
    assert "anh-buoi-hoc" not in stored.file.name  # stored under a random name
    page = client_for(cast.officer).get(response["Location"]).content.decode()
    assert "Hoàng Thị Mai" in page and "Vắng có lý do" in page and "15/03/2025" in page


def test_the_form_lists_the_orgs_people_with_three_choices_each(cast, client_for):
    page = client_for(cast.officer).get(reverse("activities:study-create"), {"org": cast.cell_a1.pk})
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count(f'name="att-{cast.member_person.pk}"') == 3
    assert "Lục Văn Bình" not in body  # another commune's person
    assert 'placeholder="dd/mm/yyyy"' in body


def test_it_asks_which_org_first(cast, client_for):
    page = client_for(cast.officer).get(reverse("activities:study-create"))
    assert page.status_code == 200
    assert "Chi bộ thôn Nà Pài" in page.content.decode()
    assert "Khuổi Chắp" not in page.content.decode()


def test_it_defaults_the_topic_to_the_years_theme(cast, client_for):
    period_open(actor=None, org=cast.district_a, data=PeriodInput(year=YEAR, theme=THEME))
    client = client_for(cast.officer)
    client.post(reverse("activities:study-create"), _post(org=cast.cell_a1.pk, topic=""))
    assert StudySession.objects.get().topic == THEME
    assert services.default_topic(cast.cell_a1, YEAR) == THEME


def test_the_create_form_proposes_this_years_theme(cast, client_for):
    this_year = datetime.date.today().year
    period_open(actor=None, org=cast.district_a, data=PeriodInput(year=this_year, theme=THEME))
    page = client_for(cast.officer).get(reverse("activities:study-create"), {"org": cast.cell_a1.pk})
    assert THEME in page.content.decode()


def test_it_refuses_an_empty_topic_when_no_year_is_opened(cast, client_for):
    response = client_for(cast.officer).post(
        reverse("activities:study-create"), _post(org=cast.cell_a1.pk, topic="")
    )
    assert response.status_code == 200
    assert str(services.ERR_NO_TOPIC % {"year": YEAR}) in response.content.decode()
    assert not StudySession.objects.exists()


def test_it_refuses_a_bad_date(cast, client_for):
    response = client_for(cast.officer).post(
        reverse("activities:study-create"), _post(org=cast.cell_a1.pk, held_on="2025-03-15")
    )
    assert "Ngày phải theo dạng ngày/tháng/năm" in response.content.decode()
    future = (datetime.date.today() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    response = client_for(cast.officer).post(
        reverse("activities:study-create"), _post(org=cast.cell_a1.pk, held_on=future)
    )
    assert str(services.ERR_FUTURE) in response.content.decode()
    assert not StudySession.objects.exists()


@pytest.mark.parametrize("who", ["secret_person", "person_a2"])
def test_it_refuses_attendance_of_someone_outside_the_org(cast, client_for, who):
    outsider = getattr(cast, who)
    data = _post(org=cast.cell_a1.pk) | {
        f"att-{cast.member_person.pk}": "present",
        f"att-{outsider.pk}": "present",
    }
    response = client_for(cast.officer).post(reverse("activities:study-create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert str(services.ERR_OUTSIDER % {"org": cast.cell_a1.name}) in body
    assert outsider.full_name not in body
    assert not StudySession.objects.exists()


def test_it_refuses_an_unknown_status(cast):
    with pytest.raises(ValidationError) as exc:
        _session(cast.cell_a1, marks=[(cast.member_person.pk, "asleep")])
    assert exc.value.message_dict["attendance"] == [str(services.ERR_BAD_STATUS)]


def test_a_commune_session_may_mark_the_people_of_its_cells(cast):
    session = _session(cast.commune_a1, marks=[(cast.member_person.pk, "present")])
    assert session.attendance.get().person == cast.member_person


def test_it_edits_a_session_and_its_attendance(cast, client_for):
    session = _session(
        cast.cell_a1, marks=[(cast.member_person.pk, "present"), (cast.colleague.pk, "present")]
    )
    data = _post(kind=StudyKind.CELL_MEETING, topic="Sinh hoạt tháng 4") | {
        f"att-{cast.member_person.pk}": "absent"
    }
    response = client_for(cast.officer).post(reverse("activities:study-edit", args=[session.pk]), data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.kind, session.topic) == (StudyKind.CELL_MEETING, "Sinh hoạt tháng 4")
    assert list(Attendance.objects.filter(session=session).values_list("person_id", "status")) == [
        (cast.member_person.pk, "absent")
    ]


def test_someone_marked_before_moving_away_stays_markable(cast):
    session = _session(cast.cell_a1, marks=[(cast.colleague.pk, "present")])
    cast.colleague.org = cast.commune_a2
    cast.colleague.save()
    data = services.StudyInput(held_on=session.held_on, kind=session.kind, topic="Chủ đề", minutes=MINUTES)
    services.study_update(actor=None, session=session, data=data, attendance=[(cast.colleague.pk, "excused")])
    assert session.attendance.get().status == "excused"


# --- A session counts with someone present or its minutes ----------------------------------------


@pytest.mark.parametrize(
    "marks", [(), (("colleague", "excused"), ("member_person", "absent"))], ids=["none", "no-one-present"]
)
def test_it_refuses_a_session_with_nobody_present_and_no_minutes(cast, marks):
    attendance = [(getattr(cast, who).pk, status) for who, status in marks]
    with pytest.raises(ValidationError) as exc:
        _session(cast.cell_a1, minutes="  ", marks=attendance)
    assert exc.value.messages == [str(services.ERR_EMPTY_SESSION)]
    assert not StudySession.objects.exists() and not Attendance.objects.exists()


def test_someone_present_or_minutes_is_enough(cast):
    assert _session(cast.cell_a1, minutes="", marks=[(cast.member_person.pk, "present")]).pk
    assert _session(cast.cell_a1, minutes="Biên bản tóm tắt").pk


def test_an_edit_may_not_empty_a_session(cast, client_for):
    session = _session(cast.cell_a1, minutes="", marks=[(cast.member_person.pk, "present")])
    data = _post(minutes="") | {f"att-{cast.member_person.pk}": "excused"}
    response = client_for(cast.officer).post(reverse("activities:study-edit", args=[session.pk]), data)
    assert response.status_code == 200
    assert str(services.ERR_EMPTY_SESSION) in response.content.decode()
    assert session.attendance.get().status == "present"


def test_a_stored_session_with_nobody_present_and_no_minutes_does_not_count(cast):
    empty = StudySession.objects.create(
        org=cast.cell_a1, held_on=datetime.date(YEAR, 3, 1), kind=StudyKind.THEMATIC, topic="Chuyên đề"
    )  # written before the rule: nothing says it happened
    Attendance.objects.create(session=empty, person=cast.colleague, status="excused")
    assert selectors.study_coverage(cast.district_a, YEAR).done == 0
    assert reports_selectors.dashboard(cast.district_a, YEAR).total.cells_studied == 0
    Attendance.objects.create(session=empty, person=cast.member_person, status="present")
    assert selectors.study_coverage(cast.district_a, YEAR).done == 1
    figures = reports_selectors.dashboard(cast.district_a, YEAR).total
    assert (figures.cells_studied, figures.study_sessions) == (1, 1)


def test_a_session_in_a_closed_year_is_refused_and_the_years_figure_stays(cast, client_for):
    """Lục Bình 2018: 9 of its 10 cells studied; an empty session for the tenth, dated in the closed year,
    made it 10/10 and the year's report no longer matched."""
    tenth = OrgFactory(name="Chi bộ thôn Nà Khảo", code="A1C2", parent=cast.commune_a1)
    period = period_open(actor=None, org=cast.district_a, data=PeriodInput(year=2018, theme=THEME))
    _session(cast.cell_a1, held_on=datetime.date(2018, 4, 2))
    period_close(actor=cast.officer, period=period)
    post = _post(org=tenth.pk, held_on="20/11/2018", minutes="")
    response = client_for(cast.officer).post(reverse("activities:study-create"), post)
    assert response.status_code == 200
    assert str(ERR_YEAR_CLOSED % {"year": 2018, "org": cast.district_a.name}) in response.content.decode()
    assert StudySession.objects.count() == 1
    assert selectors.study_coverage(cast.commune_a1, 2018).done == 1
    assert reports_selectors.dashboard(cast.commune_a1, 2018).total.cells_studied == 1
    # once the admin has reopened the year with a reason, a session that did take place may be added
    period_reopen(actor=cast.admin, period=period, reason="Bổ sung buổi học tập bị sót")
    post = post | {"minutes": MINUTES}
    assert client_for(cast.officer).post(reverse("activities:study-create"), post).status_code == 302
    assert reports_selectors.dashboard(cast.commune_a1, 2018).total.cells_studied == 2


# --- Files --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("bien-ban.png", b"not really an image"), "không phải ảnh, PDF hay tệp Office"),
        (SimpleUploadedFile("bien-ban.pdf", PNG), "có đuôi không khớp với nội dung thật"),
        (SimpleUploadedFile("lon.png", PNG + b"\x00" * (10 * 1024 * 1024)), "lớn hơn 10 MB"),
    ],
    ids=["not-a-known-kind", "name-lies", "too-big"],
)
def test_it_refuses_bad_uploads_with_a_clear_message(cast, client_for, upload, message):
    data = _post(org=cast.cell_a1.pk) | {"files": upload}
    response = client_for(cast.officer).post(reverse("activities:study-create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StudySession.objects.exists()
    assert not StudyFile.objects.exists()


def test_it_shows_photos_inline_and_downloads_other_files(cast, client_for):
    session = _session(cast.cell_a1)
    services.study_update(
        actor=None, session=session,
        data=services.StudyInput(held_on=session.held_on, kind=session.kind, topic="Chủ đề", minutes=MINUTES),
        files=[SimpleUploadedFile("anh.png", PNG), SimpleUploadedFile("bien-ban.pdf", PDF)],
    )  # fmt: skip
    photo, minutes = session.files.order_by("original_name")
    client = client_for(cast.leader)
    response = client.get(reverse("activities:study-file", args=[photo.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response["Content-Disposition"].startswith("attachment")
    response = client.get(reverse("activities:study-file", args=[minutes.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert client_for(cast.member).get(reverse("activities:study-file", args=[photo.pk])).status_code == 404


# --- Which cells studied the theme ------------------------------------------------------------


@pytest.fixture
def more_cells(cast):
    """Besides cell A1: a cell that only held an ordinary meeting, one that studied the year before,
    and a dissolved cell (not counted)."""
    meeting_only = OrgFactory(name="Chi bộ thôn Bản Chang", code="A2C1", parent=cast.commune_a2)
    last_year = OrgFactory(name="Chi bộ thôn Nà Làng", code="A2C2", parent=cast.commune_a2)
    gone = OrgFactory(name="Chi bộ đã giải thể", code="A2C3", parent=cast.commune_a2)
    gone.active = False
    gone.save()
    _session(cast.cell_a1)
    _session(cast.cell_a1)  # two sessions still count one cell
    _session(meeting_only, kind=StudyKind.CELL_MEETING)
    _session(last_year, held_on=datetime.date(YEAR - 1, 9, 2))
    _session(cast.commune_a1)  # a commune's own session is not a cell's
    _session(cast.cell_b1)  # another district
    return meeting_only, last_year


def test_it_counts_the_cells_that_studied_the_theme(cast, more_cells):
    coverage = selectors.study_coverage(cast.district_a, YEAR)
    assert (coverage.done, coverage.cells) == (1, 3)
    assert coverage.studied == [cast.cell_a1]
    assert set(coverage.not_studied) == set(more_cells)
    assert selectors.study_coverage(cast.commune_a1, YEAR).done == 1


def test_the_coverage_page_shows_n_of_m_and_who_has_not_studied(cast, client_for, more_cells):
    response = client_for(cast.officer).get(
        reverse("activities:study-coverage"), {"org": cast.district_a.pk, "year": YEAR}
    )
    body = response.content.decode()
    assert "1/3 chi bộ" in body
    assert "Chi bộ thôn Bản Chang" in body and "Chi bộ thôn Nà Làng" in body
    assert "Chi bộ đã giải thể" not in body
    assert (
        client_for(cast.outsider)
        .get(reverse("activities:study-coverage"), {"org": cast.district_a.pk})
        .status_code
        == 404
    )


def test_the_coverage_page_starts_at_the_users_org(cast, client_for, more_cells):
    body = client_for(cast.leader).get(reverse("activities:study-coverage"), {"year": YEAR}).content.decode()
    assert "1/1 chi bộ" in body


# --- Lists and export ---------------------------------------------------------------------------


def test_the_list_filters_by_year_kind_and_subtree(cast, client_for):
    _session(cast.cell_a1, topic="Chuyên đề tháng ba")
    _session(cast.cell_a1, kind=StudyKind.CELL_MEETING, topic="Sinh hoạt thường kỳ")
    _session(cast.commune_a2, topic="Buổi ở Vũ Muộn")
    _session(cast.cell_a1, held_on=datetime.date(YEAR - 1, 5, 1), topic="Năm trước")
    client = client_for(cast.officer)
    url = reverse("activities:study-list")
    body = client.get(url, {"year": YEAR}).content.decode()
    assert "Chuyên đề tháng ba" in body and "Buổi ở Vũ Muộn" in body and "Năm trước" not in body
    body = client.get(url, {"year": YEAR, "kind": StudyKind.CELL_MEETING}).content.decode()
    assert "Sinh hoạt thường kỳ" in body and "Chuyên đề tháng ba" not in body
    body = client.get(url, {"year": "", "org": cast.commune_a1.pk}).content.decode()
    assert "Năm trước" in body and "Buổi ở Vũ Muộn" not in body
    assert client.get(url, {"org": cast.cell_b1.pk}).status_code == 404


def test_it_exports_the_filtered_list_to_excel(cast, client_for):
    _session(cast.cell_a1, topic='=HYPERLINK("x")', marks=[(cast.member_person.pk, "present")])
    _session(cast.commune_a2, topic="Không thuộc bộ lọc")
    response = client_for(cast.officer).get(
        reverse("activities:study-list"), {"year": YEAR, "org": cast.commune_a1.pk, "format": "xlsx"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="hoc-tap-2025.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = sheets.table(sheet)
    assert rows[0] == ("Ngày", "Tổ chức", "Hình thức", "Chủ đề", "Có mặt", "Được điểm danh")
    assert len(rows) == 2
    assert rows[1][0] == datetime.datetime(YEAR, 3, 15)
    assert sheets.rows(sheet, cells=True)[0][0].number_format == "dd/mm/yyyy"
    assert rows[1][3].startswith("'=")  # no formula injection
    assert rows[1][4:] == (1, 1)


# --- Who may do what --------------------------------------------------------------------------


def test_a_member_cannot_record(cast, client_for):
    client = client_for(cast.member)
    assert client.get(reverse("activities:study-create")).status_code == 403
    response = client.post(reverse("activities:study-create"), _post(org=cast.cell_a1.pk))
    assert response.status_code in (403, 404)
    assert not StudySession.objects.exists()


def test_the_leader_of_a_commune_records_for_its_cells_only(cast, client_for):
    client = client_for(cast.leader)
    response = client.post(reverse("activities:study-create"), _post(org=cast.cell_a1.pk))
    assert response.status_code == 302
    assert client.post(reverse("activities:study-create"), _post(org=cast.commune_a2.pk)).status_code == 404


def test_a_leader_of_a_cell_records_its_own_meetings(cast, client_for):
    user = UserFactory(username="bithu_chibo")
    org_services.grant_create(actor=None, user=user, org=cast.cell_a1, role=Role.LEADER)
    response = client_for(user).get(reverse("activities:study-create"))
    assert response["Location"].endswith(f"?org={cast.cell_a1.pk}")  # one org: no need to ask


def test_the_inspector_reads_but_does_not_write(cast, client_for):
    session = _session(cast.cell_a1)
    client = client_for(cast.inspector)
    assert client.get(reverse("activities:study-detail", args=[session.pk])).status_code == 200
    assert (
        "Sửa, điểm danh"
        not in client.get(reverse("activities:study-detail", args=[session.pk])).content.decode()
    )
    assert client.get(reverse("activities:study-edit", args=[session.pk])).status_code == 403
    assert client.post(reverse("activities:study-edit", args=[session.pk]), _post()).status_code == 403
    assert client.get(reverse("activities:study-create")).status_code == 403


def test_recording_for_an_org_outside_the_scope_is_refused(cast, client_for):
    """study-create names its org in the query string or the POST body (scope rule "query")."""
    for role in ("officer", "leader", "inspector", "member"):
        client = client_for(cast.actors()[role])
        assert client.get(reverse("activities:study-create"), {"org": cast.cell_b1.pk}).status_code in (
            403,
            404,
        )
        data = _post(org=cast.cell_b1.pk) | {f"att-{cast.secret_person.pk}": "present"}
        assert client.post(reverse("activities:study-create"), data).status_code in (403, 404)
    assert not StudySession.objects.exists()


def test_the_org_kinds_in_coverage_are_cells_only(cast):
    agency = OrgFactory(name="Cơ quan thử", code="A-AG", kind=OrgKind.AGENCY, parent=cast.district_a)
    _session(agency)
    assert selectors.study_coverage(cast.district_a, YEAR).cells == 1


def test_attendance_keys_that_name_no_possible_person_are_left_out():
    """``att-²`` passed isdigit() and failed int(); ``att-٣`` read as person 3; 25 digits overflowed the query."""
    from lamtheobac.activities.forms.study import attendance_from_post

    post = {
        "att-²": "present",
        "att-٣": "present",
        "att-" + "9" * 25: "present",
        "att-12": "absent",
        "att-": "x",
    }
    assert attendance_from_post(post) == [(12, "absent")]
