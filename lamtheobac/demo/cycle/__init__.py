"""The demo district's yearly cycle, 2016 to the current year (``build``: the generator and its story)."""

from .build import CycleDemo, build_cycle
from .world import PLAN_ORG_KINDS, YearSummary

__all__ = ["PLAN_ORG_KINDS", "CycleDemo", "YearSummary", "build_cycle"]
