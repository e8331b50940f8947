"""What the activities services tell the apps above them, once after a write that the models' own save and
delete signals do not show.

``attendance_changed`` (sender ``StudySession``, argument ``session``): a session's attendance was
written. Whether anyone was present decides whether the session counts as held (``selectors.study.held_q``).
"""

from __future__ import annotations

from django.dispatch import Signal

attendance_changed = Signal()
