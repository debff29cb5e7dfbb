"""The table model every layout adapter produces: cells with offsets, rows with column roles."""
from __future__ import annotations

from dataclasses import dataclass, field

VALUE_ROLES = ("target", "actual", "prior", "last")


@dataclass
class Cell:
    """A cell as written: ``text == document_text[start:end]`` (white space trimmed)."""

    start: int
    end: int
    text: str

    @staticmethod
    def of(text: str, start: int, end: int) -> "Cell | None":
        """The trimmed cell of ``text[start:end]``; None when it is blank."""
        # (str.strip trims what isspace() calls white space, in C: every cell of every line comes here)
        piece = text[start:end]
        body = piece.strip()
        if not body:
            return None
        start += len(piece) - len(piece.lstrip())
        return Cell(start, start + len(body), body)

    @property
    def flat(self) -> str:
        return "".join(self.text.split())


@dataclass
class TableRow:
    """One indicator row: its name cell and its value cells keyed by column role."""

    name: Cell | None
    values: list[tuple[str, Cell]] = field(default_factory=list)
    level1: str | None = None
    level2: str | None = None
    #: the row's own operator and unit cells (计算符号 / 指标方向, 度量单位 columns), shared by its values
    op: Cell | None = None
    unit: Cell | None = None
    #: the 项目名称 cell of tables that name the project on each row (several projects in one table)
    project: Cell | None = None


@dataclass
class Table:
    """A table found in a document, the layout that read it, and what could not be read."""

    layout: str
    start: int
    end: int
    roles: list[str | None]
    rows: list[TableRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
