"""Header-driven table reading. Every text is read by the cells-first reader (``reader``), whatever
way its cells are written (``encodings``): tabs, pipes, runs of spaces, one cell a line, PDF text
whose cells a column width or a line width broke, concatenated cells (``glued``). The per-layout
adapters (tab-separated rows, one cell a line, PDF text) are retired."""
from __future__ import annotations

from .model import VALUE_ROLES, Cell, Table, TableRow

__all__ = ["Cell", "Table", "TableRow", "VALUE_ROLES"]
