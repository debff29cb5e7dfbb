"""Prose statements of targets and achievements (rule version)."""
from __future__ import annotations

from .rules import prose_records

__all__ = ["prose_records"]
