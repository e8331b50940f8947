"""Where today's units come from, in words: the predecessors whose years are carried into an org's figures.

An org ended by a merge stays in today's tree under its successor; a split moves its cells to the new units.
So the figures of a year "carried into" an org (``reports.selectors.dashboard``, ``lineage=True``) add up everything now under
it, wherever it stood that year. These functions name the predecessors for the pages and the reports:
"bao gồm số liệu của xã Lục Bình, Vũ Muộn, Vi Hương trước 01/07/2025".
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import selectors
from .models import LineageKind, Org

# The organisation's kind word written before a unit's own name ("Đảng bộ xã Lục Bình" → "xã Lục Bình").
_ORGANISATION_WORDS = ("Đảng bộ ", "Đảng ủy ", "Đảng uỷ ")


@dataclass(frozen=True)
class Predecessor:
    org_id: int
    name: str
    kind: str  # LineageKind: merge or split
    effective_on: datetime.date


def short_name(name: str) -> str:
    """ "Đảng bộ xã Lục Bình" → "xã Lục Bình": the unit, as a sentence names it after "số liệu của"."""
    for word in _ORGANISATION_WORDS:
        if name.startswith(word) and len(name) > len(word):
            return name[len(word) :]
    return name


def predecessors(org: Org, year: int | None = None) -> list[Predecessor]:
    """The orgs whose past is carried into ``org`` (directly or into an org now under it), by merges and
    splits effective after ``year`` (all of them when None), oldest change first."""
    found: dict[int, Predecessor] = {}
    # four values a link, not two model instances: a province carries hundreds of merged communes
    links = selectors.lineage_links_into(org, after_year=year).values_list(
        "predecessor_id", "predecessor__name", "kind", "effective_on"
    )
    for pk, name, kind, on in links:
        if pk not in found and pk != org.pk:
            found[pk] = Predecessor(pk, name, kind, on)
    return list(found.values())


def carried_words(org: Org, year: int | None = None) -> str:
    """ "Bao gồm số liệu của xã Lục Bình, Vũ Muộn, Vi Hương trước 01/07/2025" for ``org``'s figures of ``year``
    (every change when None); "" when nothing is carried in."""
    by_date: dict[datetime.date, list[Predecessor]] = defaultdict(list)
    for p in predecessors(org, year):
        by_date[p.effective_on].append(p)
    parts = []
    for on, group in sorted(by_date.items()):
        merged = [short_name(p.name) for p in group if p.kind == LineageKind.MERGE]
        split = [short_name(p.name) for p in group if p.kind == LineageKind.SPLIT]
        names = _join_same_kind(merged)
        if split:
            names = ", ".join(
                filter(None, [names, _("một phần của %(names)s") % {"names": _join_same_kind(split)}])
            )
        parts.append(_("%(names)s trước %(date)s") % {"names": names, "date": on.strftime("%d/%m/%Y")})
    if not parts:
        return ""
    return _("Bao gồm số liệu của %(parts)s") % {"parts": "; ".join(parts)}


def _join_same_kind(names: list[str]) -> str:
    """ "xã A", "xã B", "xã C" → "xã A, B, C"; mixed kinds stay whole."""
    if not names:
        return ""
    heads = {n.split(" ", 1)[0] for n in names}
    if len(heads) == 1 and all(" " in n for n in names):
        head = heads.pop()
        return f"{head} " + ", ".join(n.split(" ", 1)[1] for n in names)
    return ", ".join(names)
