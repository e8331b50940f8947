"""The Atom feed of published exemplars, for the propaganda the campaign asks for.

Entries carry only what the public page shows: name, position, org, title, story, commendation.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .models import Exemplar
from .selectors import exemplars as selectors

FEED_SIZE = 30


class ExemplarFeed(Feed):
    feed_type = Atom1Feed
    title = _("Gương sáng làm theo Bác")
    subtitle = _(
        "Những gương điển hình tiên tiến trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    )
    link = reverse_lazy("activities:public-exemplars")

    def items(self):
        return selectors.public_exemplar_list()[:FEED_SIZE]

    def item_title(self, item: Exemplar) -> str:
        return f"{item.subject_name} — {item.title}"

    def item_description(self, item: Exemplar) -> str:
        """The entry's summary. Atom's ``<summary type="html">`` is read as HTML by feed readers, so the
        text (positions, org names, stories, issuers: all typed by users) is HTML-escaped whole."""
        parts = []
        if item.person_id and item.person.position:
            parts.append(f"{item.person.position}, {item.org.name}.")
        else:
            parts.append(f"{item.org.name}.")
        parts.append(Truncator(item.story or item.achievements).words(80))
        commendations = [
            f"{c.get_form_display()} ({c.issuer}, {c.decided_on:%d/%m/%Y})" for c in item.commendations.all()
        ]
        if commendations:
            parts.append("; ".join(commendations) + ".")
        return escape(" ".join(parts))

    def item_link(self, item: Exemplar) -> str:
        return reverse("activities:public-exemplar", kwargs={"public_id": item.public_id})

    def item_guid(self, item: Exemplar) -> str:
        return f"urn:uuid:{item.public_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Exemplar):
        return item.published_at

    def item_updateddate(self, item: Exemplar):
        return item.published_at
