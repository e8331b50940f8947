"""A signed-in session expires after inactivity: used, its expiry moves on (at most one write a minute);
left alone, it ends."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session

from lamtheobac.accounts import middleware

pytestmark = pytest.mark.django_db


def _expiry(client) -> float:
    # when the database will let the session go
    return Session.objects.get(session_key=client.session.session_key).expire_date.timestamp()


def test_use_moves_the_expiry_at_most_once_a_minute(cast, client_for, monkeypatch):
    client = client_for(cast.officer)
    clock = [1_800_000_000]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    client.get("/")
    first = _expiry(client)
    clock[0] += 30
    before = Session.objects.get(session_key=client.session.session_key).session_data
    client.get("/")
    assert Session.objects.get(session_key=client.session.session_key).session_data == before  # not written
    clock[0] += 31  # a minute since the last write
    client.get("/")
    after = Session.objects.get(session_key=client.session.session_key)
    assert after.session_data != before and client.session[middleware.SEEN] == clock[0]
    assert after.expire_date.timestamp() >= first


def test_an_idle_session_ends(cast, client_for, settings):
    client = client_for(cast.officer)
    assert client.get("/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date="2000-01-01T00:00:00Z"
    )  # what the database holds once SESSION_COOKIE_AGE has passed without a write
    response = client.get("/thong-ke/")
    assert response.status_code == 302 and "dang-nhap" in response["Location"]
