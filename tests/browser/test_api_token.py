"""The demo's commune secretary, bithu_xa (Phủ Thông, which took in Lục Bình), makes an access token on the
account page in Chromium, and a program using it over HTTP reads the people of Phủ Thông but no person of
another commune or of the province's bodies."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from django.urls import reverse

from lamtheobac.organisation.models import Org, Person


def _person_in(org_code: str) -> Person:
    org = Org.objects.get(code=org_code)
    return Person.objects.filter(org__path__startswith=org.path, active=True).order_by("pk").first()


def _get(url: str, key: str | None = None, **params) -> tuple[int, str]:
    """A program's HTTP request: no browser, no cookie, only the token."""
    if params:
        url += "?" + urllib.parse.urlencode(params)
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"} if key else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # the live server on 127.0.0.1
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_bithu_xa_token_reads_the_commune_and_no_other_commune(visit, viewport):
    window = visit()
    page = window.sign_in("bithu_xa")
    window.go(reverse("accounts:tokens"))
    page.get_by_label("Tên gợi nhớ").fill(f"Đồng bộ phần mềm quản lý đảng viên ({viewport})")
    page.get_by_role("button", name="Tạo mã truy cập").click()
    key = page.locator("code.key").inner_text().strip()
    assert len(key) > 20

    lucbinh = Org.objects.get(code="TN-PT")
    mine = _person_in("BT-LB-CB01")  # a cell that was Lục Bình's
    others = [
        p
        for o in Org.objects.filter(parent=lucbinh.parent).exclude(pk=lucbinh.pk).order_by("code")[:3]
        if (p := _person_in(o.code)) is not None
    ]
    assert others

    base = f"{window.base}/api/v1/people"
    status, body = _get(f"{base}/{mine.pk}", key)
    assert status == 200 and json.loads(body)["full_name"] == mine.full_name
    for person in others:
        status, body = _get(f"{base}/{person.pk}", key)
        assert status == 404, (person.org, status)
        assert person.full_name not in body
        assert json.loads(body)["detail"]  # a JSON error, in Vietnamese
    status, body = _get(base, key, q=others[0].full_name)
    assert status == 200 and all(p["id"] != others[0].pk for p in json.loads(body)["items"])
    assert _get(f"{base}/{mine.pk}")[0] == 401
    window.screenshot()
