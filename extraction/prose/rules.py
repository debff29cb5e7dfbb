"""Rule reading of performance prose (placeholder replaced below)."""
from __future__ import annotations


def prose_records(doc, tables, projects):
    return []
