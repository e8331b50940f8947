"""``manage.py quality_check``: one JSON object per input line, whatever the lines hold."""

from __future__ import annotations

import io
import json
import sys
import unicodedata

import pytest
from django.core.management import call_command


def _run(monkeypatch, data: bytes) -> list[dict]:
    fake = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    out = io.StringIO()
    call_command("quality_check", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.engine_neutral
def test_each_line_gets_its_verdict_in_order(monkeypatch):
    lines = [
        "Đi làm đúng giờ",
        "",
        "di lam dung gio, khong di muon buoi nao trong nam",
        "Đọc 02 cuốn sách về Bác trước 30/6",
        "Không ngừng nỗ lực lan tỏa những giá trị tích cực",
    ]
    out = _run(monkeypatch, ("\n".join(lines) + "\n").encode())
    assert [o["text"] for o in out] == lines  # a blank line is answered too: output line N is input line N
    assert [o["vague"] for o in out] == [True, True, False, False, True]
    assert out[0]["suggestion"] == "Đi làm đúng giờ, không đi muộn buổi nào trong năm"
    assert out[3]["suggestion"] is None and out[3]["reasons"]
    assert out[4]["boilerplate"][0]["kind"] == "ai"
    assert all(set(o) >= {"text", "vague", "reasons", "suggestion"} for o in out)


@pytest.mark.engine_neutral
def test_windows_files_nfd_bad_bytes_and_long_lines_do_not_stop_it(monkeypatch):
    data = (
        "\ufeffĐọc sách\r\n".encode()
        + unicodedata.normalize("NFD", "Đi làm đúng giờ").encode()
        + b"\n\xff\xfe broken \xc3\n"
        + ("x" * 10_000).encode()
        + b"\n\xf0\x9f\x99\x82\n"
    )
    out = _run(monkeypatch, data)
    assert len(out) == 5
    assert out[0]["text"] == "Đọc sách"  # BOM and CR removed
    assert out[1]["text"] == "Đi làm đúng giờ"  # stored as NFC
    assert "broken" in out[2]["text"]
    assert all(isinstance(o["vague"], bool) for o in out)


def test_quality_refresh_recounts_everything(db):
    from lamtheobac.quality.models import RecordQuality

    out = io.StringIO()
    call_command("quality_refresh", stdout=out)
    assert out.getvalue().startswith("Đã đánh giá 0 kế hoạch, bản cam kết")
    assert not RecordQuality.objects.exists()
