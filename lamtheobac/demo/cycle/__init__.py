"""The yearly cycle of the demo district (see ``build``): ``build_cycle`` and ``wipe_cycle``."""

from .records import build_cycle, wipe_cycle

__all__ = ["build_cycle", "wipe_cycle"]
