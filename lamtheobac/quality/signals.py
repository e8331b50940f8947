"""What the quality services tell the apps above them, once after their write.

``quality_changed`` (sender ``RecordQuality``, argument ``places``: a list of (org id, year)): the quality
rows of records of those orgs and years were rewritten (the dashboard counts them).
"""

from __future__ import annotations

from django.dispatch import Signal

quality_changed = Signal()
