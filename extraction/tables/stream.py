"""Layout adapter for PDF text: cells broken across lines and blank lines, or rows written
as space-separated cells with a trailing score. Cells are rebuilt from white-space tokens with
the value grammar (a value may span several tokens: "小于 30 分" + "钟") and the hierarchy names
(a name may be broken: "社会效益指" + "标", or written vertically "产\n出\n指\n标")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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
        if name.endswith(resources.marker("indicator_suffix")):
            out[name] = 1 if lvl == 1 and name not in out else out.get(name, lvl)
    return out


@lru_cache(maxsize=65536)
def _is_single_value(s: str) -> bool:
    found = find_values(s, chinese_numerals=True)
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(s)


_LIST_ITEM = re.compile(r"\d+[、．]")


def _table_end(line: str) -> bool:
    flat = "".join(line.split())
    # a numbered list item ("1、年度…") is prose after the table
    return bool(_LIST_ITEM.match(flat)) or flat.startswith(resources.word_list("table_end.txt"))


def _trailing_space_cells(lines: list[tuple[int, str]]) -> bool:
    """PDF text where every cell ends with a space before its line break ("套时间 \\n"), so a bare
    line break (even with blank lines after it) breaks a cell, not a row."""
    full = [ln for _, ln in lines if ln.strip()]
    return bool(full) and sum(ln.rstrip("\n").endswith(" ") for ln in full) / len(full) > 0.5


def _inside_cell(text: str, prev_end: int, nxt: int) -> bool:
    gap = text[prev_end:nxt]
    return "\n" in gap and not gap.strip() and not gap.startswith((" ", "\t")) and not gap.endswith((" ", "\t"))


def tokenize(text: str, start: int, end: int) -> tuple[list[_Tok], int, bool]:
    """Classified tokens of the table region, the offset where the table ends, and whether
    tokens are whole cells (PDF text whose cells end with a trailing space)."""
    raw: list[list[int]] = []
    line_no = 0
    stop = end
    lines = []
    for m in re.finditer(r"[^\n]*\n?", text[start:end]):
        if not m.group():
            break
        if lines and _table_end(m.group()):
            stop = start + m.start()
            break
        lines.append((start + m.start(), m.group()))
    glue = _trailing_space_cells(lines)
    for a, line in lines:
        for t in re.finditer(r"\S+", line):
            s, e = a + t.start(), a + t.end()
            if glue and raw and _inside_cell(text, raw[-1][1], s) and not _is_single_value(t.group()):
                # (a value opening the next line starts a cell: "擎工程相关\n≥3次")
                raw[-1][1] = e  # a line broken inside a cell: the cell ends at a trailing space
                continue
            raw.append([s, e, line_no])
        line_no += 1
    levels = _stream_levels()
    basis = set(resources.word_list("basis.txt"))
    quals = resources.qualitative_words()
    toks: list[_Tok] = []
    # each token without its white space, computed once (it is joined up to _MAX_MERGE times)
    pieces = ["".join(text[s:e].split()) for s, e, _ in raw]
    i = 0
    while i < len(raw):
        best = None
        joined = ""
        for k in range(min(_MAX_MERGE, len(raw) - i)):
            piece = pieces[i + k]
            if joined and joined[-1].isdigit() and piece[0].isdigit():
                break  # two numbers apart are two cells, never one number
            joined += piece
            if joined in levels:
                best = ("level%d" % levels[joined], k)
            elif k < 4 and (_is_single_value(joined) or (k == 0 and joined in quals)):
                best = ("value", k)
        if best is None:
            word = text[raw[i][0]:raw[i][1]]
            kind = "basis" if word in basis else "score" if _NUMBER.fullmatch(word) else "text"
            best = (kind, 0)
        kind, k = best
        if kind == "value" and k == 0 and _NUMBER.fullmatch(text[raw[i][0]:raw[i][1]]):
            kind = "score"  # a bare number: a score where the header has one, else a value
        s, e = raw[i][0], raw[i + k][1]
        toks.append(_Tok(s, e, kind, raw[i][2], text[s:e]))
        i += k + 1
    return toks, stop, glue


def _is_score(toks: list[_Tok], j: int, row_full: bool) -> bool:
    """Is the bare number at ``j`` the row's score (not a unit-less value)?

    It is a score when the row's values are all there; a value when another bare number follows,
    directly or after the row's reason text (that number is then the score).
    """
    if row_full:
        return True
    k = j + 1
    if k < len(toks) and toks[k].kind == "score":
        return False
    seen_text = False
    while k < len(toks):
        if toks[k].kind == "text":
            seen_text = True
        elif toks[k].kind == "score":
            return not seen_text
        else:
            return True
        k += 1
    return True


def read_stream(text: str, header_end: int, roles: list[str], hier: Hierarchy, end: int | None = None) -> Table:
    """Rows of a PDF-text table whose header ends at ``header_end``."""
    end = len(text) if end is None else end
    toks, stop, whole_cells = tokenize(text, header_end, end)
    value_roles = [r for r in roles if r in VALUE_ROLES]
    has_score = "score" in roles
    has_reason = "reason" in roles
    table = Table("stream", header_end, stop, list(roles))
    if has_score and toks and toks[0].kind in ("score", "value") and re.fullmatch(r"\d+(\.\d+)?", toks[0].text):
        toks = toks[1:]  # the section's total score printed after the header
    name: list[_Tok] = []
    vals: list[_Tok] = []
    soft = False  # vals hold only a text cell taken for an unlisted qualitative value
    reason = False

    def flush() -> None:
        nonlocal reason, soft
        label = "".join(text[name[0].start:name[-1].end].split()) if name else ""
        if vals and name and name[-1].text[-1] in "（(":
            table.problems.append(f"skipped {name[-1].text!r} at {name[-1].start}: a heading, not an indicator")
        elif vals and name and (not re.search(r"[\u4e00-\u9fff]", label) or vals[-1].text.endswith(("：", ":"))):
            # "……", "1：" or a numbered label ("年度目标 2：") between a department's tables
            table.problems.append(f"skipped {label!r} at {name[0].start}: a label, not an indicator")
        elif vals and name:
            cell = Cell(name[0].start, name[-1].end, text[name[0].start:name[-1].end])
            roles_here = value_roles
            if len(vals) == 1 and "actual" in value_roles and has_score:
                # a self-evaluation row with one value cell: the PDF text lost the empty target
                roles_here = ["actual"]
            table.rows.append(TableRow(cell, [(r, Cell(v.start, v.end, v.text)) for r, v in zip(roles_here, vals)],
                                       hier.level1, hier.level2))
        elif vals:
            table.problems.append(f"values at {vals[0].start} have no indicator name")
        name.clear()
        vals.clear()
        reason = soft = False

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
        if t.kind == "score" and has_score and vals and _is_score(toks, j, len(vals) >= len(value_roles)):
            flush()
            continue
        if t.kind in ("value", "score"):
            if reason:
                continue
            if soft and t.kind == "value" and len(value_roles) == 1:
                # the text cell was the end of a name broken over cells ("业务系统管理科室 / 满意度
                # / ≥90%"): the row's real value has come
                name.extend(vals)
                vals.clear()
                soft = False
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
        if name and not vals and (whole_cells or (has_score and t.line == name[-1].line)):
            # the cell after the name cell (or a word after the name in a space-separated row) is
            # a qualitative value the vocabulary does not list
            vals.append(t)
            soft = True
            continue
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
