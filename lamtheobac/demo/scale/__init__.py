"""``seed_demo --scale province|national``: large synthetic trees for benchmarks and load tests.

``shapes`` draws the tree, ``people`` the rosters, ``lines`` and ``records`` what each unit files, ``builder``
writes it all org by org into ``sink``; ``run`` drives the whole and wipes a database of any size.

- **province**: a province committee → ~10 district committees → communes (and the district's agencies and
  grassroots committees) → cells: ~15,000 orgs, ~300,000 people.
- **national**: a central root → 63 provinces → districts → communes → cells (depth 5): ~300,000 orgs,
  ~5.6 million people. (The root, "Ban Chấp hành Trung ương Đảng", has the province committee kind: the
  model has no central kind.)
- ``--people N`` shrinks either; the number of orgs follows in proportion.

What is written, for the current year only: one year (``Period``) opened at the root with the demo's defaults
(kinds that file, deadlines, three actions at least, the year's programmes and breakthrough contents); a plan
for every collective that must file and a commitment for every person who must file, in the mix of states the
cycle demo draws for today's date (a few per cent not started: no record), with 3–5 items drawn from the
demo's pools of actions, their programme tags, item results and ratings on assessed and rated records;
``Transition`` rows for every state change after the draft (submit, return, resubmit, approve, self-assess,
rate); ``RecordQuality`` as ``quality.services.refresh_all`` would compute it (the same ``checkable``,
shingles, size filter, Jaccard and threshold; clusters found with bit masks); one "created" ``OrgEvent`` per org;
exemplars (about one person in sixty, a fifth of them collectives) with the commendations already decided;
the demo logins.

Left out for scale (run the district demo for them): ``Revision`` rows (one JSON snapshot per record would be
the largest table of all; a record's first edit starts its history), the draft's creation ``Transition``
(the record's ``created_at`` says when), mid-year assessments, progress notes, study sessions, pilot models,
inspections and documents. ``{place}`` in an action is the word "thôn" or "tiểu khu", not the village's name, so
that a country's actions stay a bounded set of texts (each judged once by the quality rules).

Rows are generated org by org and written in chunks (memory stays bounded whatever the scale), with the
columns the models' ``save()`` would fill (``Org.name_folded``, ``Person.name_folded`` and ``name_sort``…)
computed by the same ``lib.text`` functions, and paths from ``models.segment`` on ids assigned in creation
order. On PostgreSQL the rows go in with ``COPY`` (formatted here, sent by a writer thread while the next chunk
is generated); the secondary indexes, unique and foreign-key constraints of the big tables are dropped for the
load and created again (and validated) at the end, in the same transaction; the sequences are then set and
the database analysed. On SQLite: ``executemany`` in one transaction, the big tables' secondary indexes
rebuilt at the end too. Deterministic for a given seed, scale, size and date.
"""

from .lines import ScaleSummary
from .run import build_scale, duration, summary_lines, wipe_scale
from .shapes import SCALES, plan_for

__all__ = ["SCALES", "ScaleSummary", "build_scale", "duration", "plan_for", "summary_lines", "wipe_scale"]
