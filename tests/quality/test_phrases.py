"""Boilerplate: the stock phrase list is data, parsed as documented, and matched sensibly."""

from __future__ import annotations

import pytest

from lamtheobac.quality import phrases
from lamtheobac.quality.checks import boilerplate, line_report

pytestmark = pytest.mark.engine_neutral  # no database: runs in one stage of CI (conftest.py)


def test_the_list_is_read_from_its_sections():
    samples, ai = phrases.parse(
        "# chú thích\n[sample]\nCâu mẫu thứ nhất\n\n# giữa\nCâu mẫu thứ hai\n[ai]\nkhông ngừng nỗ lực\n[khác]\nbỏ qua\n"
    )
    assert samples == ["Câu mẫu thứ nhất", "Câu mẫu thứ hai"]
    assert ai == ["không ngừng nỗ lực"]


def test_the_shipped_list_has_both_sections():
    stock = phrases.stock()
    assert len(stock.samples) >= 50 and len(stock.ai) >= 20
    assert len(set(stock.samples)) == len(stock.samples)


def test_an_action_taken_from_a_sample_sentence_matches_even_in_part_and_without_diacritics():
    sentence = (
        "Luôn trung thành với chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh, kiên định mục tiêu độc lập dân tộc"
    )
    assert phrases.sample_match(sentence)
    assert phrases.sample_match("luon trung thanh voi chu nghia Mac Lenin, tu tuong Ho Chi Minh")
    assert phrases.sample_match("Trồng 2 ha keo trên đồi nhà trước tháng 9") is None
    assert phrases.sample_match("Đoàn kết") is None  # too short to say where it came from


def test_ai_phrases_are_found_in_order_and_named_as_the_list_writes_them():
    found = phrases.ai_phrases("Tôi sẽ không ngừng nỗ lực, lan tỏa những giá trị tích cực đến mọi người")
    assert "không ngừng nỗ lực" in found and "lan tỏa những giá trị tích cực" in found
    assert phrases.ai_phrases("Nỗ lực không ngừng") == []


def test_a_concrete_action_sharing_part_of_a_sample_is_not_called_boilerplate():
    # "Tham gia đầy đủ các buổi sinh hoạt chi bộ…" is in the samples, and is also a checkable action
    concrete = "Tham gia đầy đủ các buổi sinh hoạt chi bộ thường kỳ"
    assert phrases.sample_match(concrete)
    assert boilerplate(concrete, is_vague=False) == []
    assert [f.kind for f in boilerplate("Hoàn thành tốt nhiệm vụ được giao", is_vague=True)] == ["sample"]


def test_the_command_line_report_has_the_documented_keys():
    report = line_report("Không ngừng nỗ lực lan tỏa những giá trị tích cực")
    assert set(report) >= {"text", "vague", "reasons", "suggestion"}
    assert report["vague"] is True and report["suggestion"]
    assert report["boilerplate"][0]["kind"] == "ai"
