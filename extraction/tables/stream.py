"""Layout adapter for PDF text: cells broken across lines and blank lines, or rows written
as space-separated cells with a trailing score. Cells are rebuilt from white-space tokens with
the value grammar (a value may span several tokens: "小于 30 分" + "钟") and the hierarchy names
(a name may be broken: "社会效益指" + "标", or written vertically "产\n出\n指\n标")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import resources
from ..values import find_values
from .model import VALUE_ROLES, Cell, Table, TableRow
from .rows import Hierarchy

_MAX_MERGE = 6
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass
class _Tok:
    start: int
    end: int
    kind: str  # level1 level2 value basis score text
    line: int
    text: str


def _stream_levels() -> dict[str, int]:
    out = {}
    for name, (lvl, _) in resources.levels().items():
        name = name.split("#")[0]
        if name.endswith("指标"):
            out[name] = 1 if lvl == 1 and name not in out else out.get(name, lvl)
    return out


def _is_single_value(s: str) -> bool:
    found = find_values(s, chinese_numerals=True)
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(s)


def _table_end(line: str) -> bool:
    flat = "".join(line.split())
    return any(flat.startswith(w) for w in resources.word_list("table_end.txt"))


def tokenize(text: str, start: int, end: int) -> tuple[list[_Tok], int]:
    """Classified tokens of the table region and the offset where the table ends."""
    raw = []
    line_no = 0
    stop = end
    for m in re.finditer(r"[^\n]*\n?", text[start:end]):
        a = start + m.start()
        line = m.group()
        if not line:
            break
        if raw and _table_end(line):
            stop = a
            break
        for t in re.finditer(r"\S+", line):
            raw.append((a + t.start(), a + t.end(), line_no))
        line_no += 1
    levels = _stream_levels()
    basis = set(resources.word_list("basis.txt"))
    quals = resources.qualitative_words()
    toks: list[_Tok] = []
    i = 0
    while i < len(raw):
        best = None
        joined = ""
        for k in range(min(_MAX_MERGE, len(raw) - i)):
            joined += text[raw[i + k][0]:raw[i + k][1]]
            if joined in levels:
                best = ("level%d" % levels[joined], k)
            elif k < 4 and (_is_single_value(joined) or (k == 0 and joined in quals)):
                best = ("value", k)
        if best is None:
            word = text[raw[i][0]:raw[i][1]]
            kind = "basis" if word in basis else "score" if _NUMBER.fullmatch(word) else "text"
            best = (kind, 0)
        kind, k = best
        s, e = raw[i][0], raw[i + k][1]
        toks.append(_Tok(s, e, kind, raw[i][2], text[s:e]))
        i += k + 1
    return toks, stop


def read_stream(text: str, header_end: int, roles: list[str], hier: Hierarchy, end: int | None = None) -> Table:
    """Rows of a PDF-text table whose header ends at ``header_end``."""
    end = len(text) if end is None else end
    toks, stop = tokenize(text, header_end, end)
    value_roles = [r for r in roles if r in VALUE_ROLES]
    has_score = "score" in roles
    has_reason = "reason" in roles
    table = Table("stream", header_end, stop, list(roles))
    if has_score and toks and toks[0].kind in ("score", "value") and re.fullmatch(r"\d+(\.\d+)?", toks[0].text):
        toks = toks[1:]  # the section's total score printed after the header
    name: list[_Tok] = []
    vals: list[_Tok] = []
    reason = False

    def flush() -> None:
        nonlocal reason
        if vals and name:
            cell = Cell(name[0].start, name[-1].end, text[name[0].start:name[-1].end])
            table.rows.append(TableRow(cell, [(r, Cell(v.start, v.end, v.text)) for r, v in zip(value_roles, vals)],
                                       hier.level1, hier.level2))
        elif vals:
            table.problems.append(f"values at {vals[0].start} have no indicator name")
        name.clear()
        vals.clear()
        reason = False

    ambiguous_l1 = {n for n, lvl in _stream_levels().items() if lvl == 1 and (n + "#2") in resources.levels()}
    for j, t in enumerate(toks):
        if t.kind in ("level1", "level2"):
            flush()
            level = t.kind
            flat = "".join(t.text.split())
            if flat in ambiguous_l1:
                nxt = toks[j + 1] if j + 1 < len(toks) else None
                level = "level1" if nxt is not None and nxt.kind == "level2" else "level2"
            if level == "level1":
                hier.update(flat, None)
                hier.level2 = None
            else:
                hier.update(None, flat)
            continue
        if t.kind == "basis" and vals:
            continue
        if t.kind == "score" and has_score and (vals or name):
            # the self-evaluation score ends the row; a lone number with no value yet is a value
            if vals:
                flush()
                continue
            vals.append(t)
            continue
        if t.kind in ("value", "score"):
            if reason:
                continue
            if vals and len(vals) >= len(value_roles):
                if has_reason:
                    reason = True
                    continue
                flush()
            if not name and not vals:
                table.problems.append(f"value {t.text!r} at {t.start} has no indicator name")
                continue
            vals.append(t)
            continue
        # text
        if vals:
            same_line = t.line == vals[-1].line
            if same_line and len(vals) < len(value_roles) and has_score:
                vals.append(t)  # an unlisted qualitative value in a space-separated row
                continue
            if has_reason:
                reason = True
                continue
            flush()
        name.append(t)
    flush()
    return table
