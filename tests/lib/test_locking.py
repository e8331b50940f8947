"""The one optimistic-locking helper: a version moves on once; a stale one writes nothing."""

import pytest

from lamtheobac.cycle.models import Record
from lamtheobac.lib import locking
from lamtheobac.lib.text import paragraphs, plain

from ..cycle.builders import make_commitment, open_year


@pytest.mark.django_db
def test_it_moves_the_version_on_once_and_refuses_a_stale_one(cast):
    open_year(cast.district_a)
    record = make_commitment(person=cast.member_person, actor=cast.member)
    rows = Record.objects.filter(pk=record.pk)
    assert locking.claim(rows, record.version, self_comment="lần một")
    assert not locking.claim(rows, record.version, self_comment="lần hai")  # opened at the same version
    record.refresh_from_db()
    assert (record.version, record.self_comment) == (rows.get().version, "lần một")


@pytest.mark.engine_neutral
def test_the_text_cleaner_strips_tags_and_spaces_and_cuts():
    assert plain("  <b>Nguye\u0302\u0303n</b>   Văn  A ", 12) == "Nguyễn Văn A"
    assert paragraphs("Dòng <i\n>một</i>\n\n  dòng   hai ", 100) == "Dòng một\n\ndòng hai"
