"""The demo district's activities (see ``build``): ``build_activities`` and ``wipe_activities``."""

from .build import build_activities, wipe_activities

__all__ = ["build_activities", "wipe_activities"]
