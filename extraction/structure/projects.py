"""Where each project starts: 项目名称 fields and project table titles; 部门整体 sections have none."""
from __future__ import annotations

import bisect
import re

from .. import resources
from ..normalizing.simplified import to_simplified
from ..record import flat

# the words come from resources/markers.tsv; a field name may be spread by spaces ("项 目 名 称")
_FIELD = r"\s*".join(re.escape(c) for c in resources.marker("project_field"))
# a semicolon where the colon is: OCR reads "：" so
_NAME_FIELD = re.compile(rf"^[ \t]*{_FIELD}\s*[*＊]?\s*[:：;；]?[ \t]*([^\t\n]*)", re.M)
_TITLE = re.compile(r"^[ \t]*(?:\[bookmark:[^\]]*\][ \t]*)?\d+[、.．][ \t]*(\S[^\n]*?)"
                    + re.escape(resources.marker("project_table_title")) + r"[ \t]*$", re.M)
_DEPARTMENT = re.compile("|".join(re.escape(w) for w in resources.markers("department")))


class Projects:
    """Looks up the project in force at an offset."""

    def __init__(self, text: str, simple: str | None = None) -> None:
        # matched in simplified characters (one for one; ``simple`` when found already), names
        # taken from the original
        view = to_simplified(text) if simple is None else simple
        marks: list[tuple[int, str | None]] = []
        # (the patterns open with a line start, tried at every character: they are run only on a
        # text holding their words, the field's maybe spread by spaces)
        if "".join(resources.marker("project_field").split()) in "".join(view.split()):
            for m in _NAME_FIELD.finditer(view):
                name = flat(text[m.start(1):m.end(1)])
                if name and not name.startswith("："):
                    marks.append((m.start(), name))
        if resources.marker("project_table_title") in view:
            for m in _TITLE.finditer(view):
                marks.append((m.start(), flat(text[m.start(1):m.end(1)])))
        for m in _DEPARTMENT.finditer(view):
            marks.append((m.start(), None))
        marks.sort(key=lambda x: x[0])
        self._offsets = [o for o, _ in marks]
        self._names = [n for _, n in marks]

    def at(self, offset: int) -> str | None:
        i = bisect.bisect_right(self._offsets, offset) - 1
        return self._names[i] if i >= 0 else None
