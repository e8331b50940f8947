"""Give the tree and the people their time, from what was kept before it had any.

Each org gets one span with its present parent, path, name and kind, from the start; an org that had stopped
ends the day before its last stop or merge in its history (or its last change). Each person gets a
membership per home org their moves show (``PersonMove``), the last one open, or closed on the day of their
last change when they had left. A merge in the history becomes a lineage link. Nothing else changes: the
figures of every year read as they did, except that people who have since left or moved now count where they
were in the years before (as they were)."""

import datetime

from django.db import migrations

OPEN_YEAR = 9999
SEGMENT = 8
DAY = datetime.timedelta(days=1)


def _years(valid_from, valid_to):
    return (valid_from.year if valid_from else 0), (valid_to.year - 1 if valid_to else OPEN_YEAR)


def backfill(apps, schema_editor):
    Org = apps.get_model("organisation", "Org")
    OrgSpan = apps.get_model("organisation", "OrgSpan")
    OrgEvent = apps.get_model("organisation", "OrgEvent")
    Lineage = apps.get_model("organisation", "Lineage")
    Person = apps.get_model("organisation", "Person")
    PersonMove = apps.get_model("organisation", "PersonMove")
    Membership = apps.get_model("organisation", "Membership")

    stops = {}
    for org_id, at in OrgEvent.objects.filter(kind__in=["deactivated", "merged"]).values_list("org_id", "at"):
        stops[org_id] = max(stops.get(org_id, at), at)
    spans = []
    for org in Org.objects.iterator(2000):
        valid_to = None
        if not org.active:
            last = stops.get(org.pk) or org.updated_at
            valid_to = last.date()
            Org.objects.filter(pk=org.pk).update(ended_on=valid_to - DAY)
            if org.merged_into_id:
                Lineage.objects.create(
                    kind="merge", predecessor_id=org.pk, successor_id=org.merged_into_id, effective_on=valid_to
                )
        first, last_year = _years(None, valid_to)
        spans.append(
            OrgSpan(
                org_id=org.pk,
                parent_id=org.parent_id,
                path=org.path,
                depth=len(org.path) // SEGMENT - 1,
                name=org.name,
                kind=org.kind,
                valid_from=None,
                valid_to=valid_to,
                first_year=first,
                last_year=last_year,
            )
        )
        if len(spans) >= 2000:
            OrgSpan.objects.bulk_create(spans)
            spans = []
    OrgSpan.objects.bulk_create(spans)

    moves = {}
    for move in PersonMove.objects.order_by("moved_at", "id").values("person_id", "from_org_id", "to_org_id", "moved_at"):
        moves.setdefault(move["person_id"], []).append(move)
    rows = []
    for person in Person.objects.iterator(2000):
        chain = []  # (org, from)
        history = moves.get(person.pk, [])
        if history:
            chain.append([history[0]["from_org_id"], None])
            for move in history:
                day = move["moved_at"].date()
                if chain[-1][1] == day:
                    chain[-1][0] = move["to_org_id"]
                else:
                    chain.append([move["to_org_id"], day])
            chain[-1][0] = person.org_id
        else:
            chain.append([person.org_id, None])
        end = None if person.active else person.updated_at.date()
        for i, (org_id, start) in enumerate(chain):
            stop = chain[i + 1][1] if i + 1 < len(chain) else end
            if start is not None and stop is not None and stop <= start:
                continue
            first, last_year = _years(start, stop)
            rows.append(
                Membership(
                    person_id=person.pk,
                    org_id=org_id,
                    kind=person.kind,
                    valid_from=start,
                    valid_to=stop,
                    first_year=first,
                    last_year=last_year,
                )
            )
        if len(rows) >= 2000:
            Membership.objects.bulk_create(rows)
            rows = []
    Membership.objects.bulk_create(rows)


def forget(apps, schema_editor):
    for name in ("OrgSpan", "Membership", "Lineage"):
        apps.get_model("organisation", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("organisation", "0003_time_in_the_tree")]

    operations = [migrations.RunPython(backfill, forget)]
