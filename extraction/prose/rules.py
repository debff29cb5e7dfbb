"""Rule reading of performance prose: "培训合格率达到90%以上", "全年计划开展体验培训1万人次",
"绩效指标：“组织乡科级干部培训≥8次”", a self-evaluation's "全年新增落户大学生\\n27132人".

Only sections that state performance (resources/sections.tsv) are read; money, dates, list
numbers and unit-less numbers are not indicators. The sequence labeler backs this up.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import resources
from ..assembling import record_from_match
from ..normalizing import NormText
from ..record import Record
from ..regions import Regions
from ..structure.sections import section_columns
from ..values import ValueMatch, find_values

_BOUNDARY = re.compile(r"[，,。；;：:、\"\n！？!?（）()《》|｜\t]")
MONEY_UNITS = resources.money_units()
DATE_UNITS = resources.date_units()


@lru_cache(maxsize=None)
def _left_words() -> tuple[str, ...]:
    """Words taken off the start of a prose name besides the verbs: the remnant of a date before it
    ("2021年最低生活保障标准") and an indicator-class heading glued to it ("质量指标救助资金…")."""
    levels = {name.split("#")[0] for name in resources.levels()}
    return tuple(sorted(set(resources.word_list("name_edges.txt")) | levels, key=len, reverse=True))


@lru_cache(maxsize=None)
def _edge_pattern(kind: str, left: bool, pinyin: bool = True) -> re.Pattern:
    """Any word of ``kind`` ("verbs": prose_verbs.txt, "edges": the left words) at a string's start
    (or end), longest first, with ``pinyin`` the pinyin a mirror inserts allowed after each
    character ("发(fā)放")."""
    words = resources.word_list("prose_verbs.txt") if kind == "verbs" else _left_words()
    opt = _PINYIN_OPT if pinyin else ""
    body = "|".join(opt.join(map(re.escape, w)) + opt for w in words)
    return re.compile(f"^(?:{body})" if left else f"(?:{body})$")


@lru_cache(maxsize=None)
def _verb_char_words() -> frozenset[str]:
    """Words that open with a one-character verb and keep it ("建档人员数量", "在任村党组书记")."""
    return frozenset(resources.word_list("verb_char_words.txt"))


def _edges(kind: str, left: bool, s: str) -> re.Pattern:
    """:func:`_edge_pattern` for matching in ``s``: without the pinyin where ``s`` holds none (the
    same matches there: the pattern with it takes some 30 ms to compile, and only text from a
    mirror site needs it)."""
    return _edge_pattern(kind, left, _PINYIN_GROUP.search(s) is not None)


def _strip_words(s: str, *, left: bool) -> str:
    verbs = _edges("verbs", left, s)
    changed = True
    while changed and s:
        changed = False
        if left:  # a left word only where a name is left after it ("满意度" stays whole)
            m = _edges("edges", True, s).match(s)
            # (a date's remnant "年" is no remnant where it opens a word of time: "年底考核通过率")
            if m and m.end() and len(s) - m.end() >= 2 and s[m.end()] not in resources.marker("time_word_after_year_chars"):
                s, changed = s[m.end():], True
        m = verbs.search(s)
        if m and m.end() > m.start() and not (left and m.end() - m.start() == 1 and s[:2] in _verb_char_words()):
            s, changed = (s[m.end():] if left else s[:m.start()]), True
    return s


_SIGNS = frozenset("≥≤><＞＜") | {">=", "<="}


def _unquoted(name: str) -> str:
    """A name quoted whole ("“大学之城就业节”") without its quotes: they are no part of it."""
    if len(name) > 3 and name[0] == "“" and name[-1] == "”" and "“" not in name[1:-1]:
        return name[1:-1]
    return name


def _counted_after(view: str, m: ValueMatch) -> tuple[int, int] | None:
    """The counted noun right after a measure word ("打造2部精品参赛作品", "7个林场和…"), or None."""
    if not m.unit or len(m.unit) != 1 or not re.match(r"[\u4e00-\u9fff]", m.unit):
        return None
    if m.unit in MONEY_UNITS or m.unit in DATE_UNITS:
        return None
    c = m.end
    if c >= len(view) or not re.match(r"[\u4e00-\u9fff“]", view[c]):
        return None
    head = view[c:c + 12]
    verb = _edges("verbs", True, head).match(head)
    if verb and len(verb.group()) >= 2:
        return None  # a verb after the count ("1126间完成…"): what it counts stands before it
    d = c
    stops = resources.marker("conjunction_chars") + resources.marker("counted_noun_end_chars")
    while d < len(view) and not view[d].isdigit() and view[d] not in stops:
        # a list of nouns is one counted noun ("165个各局党委、乡镇党委领导班子")
        if _BOUNDARY.match(view[d]) and not (view[d] == "、" and _LIST_PIECE.match(view[d - 1])
                                             and d + 1 < len(view) and re.match(r"[\u4e00-\u9fff]", view[d + 1])):
            break
        d += 1
    # the noun ends where a verb of two or more characters begins ("27名大学生村官足额发放补贴")
    verb = next((v for v in _long_verbs().finditer(view, c + 2, d)), None)
    if verb is not None:
        d = verb.start()
    elif d < len(view) and view[d] in "(（":
        # a short gloss in brackets right after the noun is part of it ("11个乡镇(街道办事处)")
        gloss = _GLOSS.match(view, d)
        if gloss is not None:
            d = gloss.end()
    name = _unquoted(_strip_words(_strip_words(view[c:d].strip(), left=True), left=False))
    if len(name) < 2:
        return None
    s = view.index(name, c)
    return s, s + len(name)


_GLOSS = re.compile(r"[(（][\u4e00-\u9fff、]{1,8}[)）]")
_PINYIN_OPT = "(?:[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）])?"
# a bracket inside a name: the pinyin a mirror inserts ("預(yù)算") or a short gloss ("防汛(地质灾害)")
_INNER_BRACKET = re.compile(r"[(（][^()（）\d\n，,。；;：:|\t]{1,8}[)）]$")
_PINYIN_GROUP = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")
_LIST_PIECE = re.compile(r"[\u4e00-\u9fff”)）]$")
_LEADING_SIGNS = re.compile(r"^[^\u4e00-\u9fffA-Za-z“《(（]+")


def _name_start(view: str, a: int) -> int:
    """Where the phrase before offset ``a`` starts: at the last boundary or digit, but a bracket
    inside a word and a "、" between the parts of one name ("脱毒、健康种苗推广面积") are no boundary
    where no value stands before them."""
    b = a
    while b > 0:
        c = view[b - 1]
        if c in ")）":
            m = _INNER_BRACKET.search(view, max(0, b - 10), b)
            if m and m.start() > 0 and re.match(r"[\u4e00-\u9fff]", view[m.start() - 1]):
                if _PINYIN_GROUP.fullmatch(m.group()):
                    b = m.start()
                    continue
                # a gloss belongs to this name unless what stands before it is counted by a number
                # ("11个乡镇(街道办事处)实施营造林": the bracket closes the earlier name)
                further = _name_start(view, m.start())
                if further == 0 or not view[further - 1].isdigit():
                    return further
            return b
        if c == "、" and b >= 2 and _LIST_PIECE.match(view[b - 2]):
            piece = b - 1
            while piece > 0 and not _BOUNDARY.match(view[piece - 1]):
                if view[piece - 1].isdigit():
                    break
                piece -= 1
            else:
                b -= 1
                continue
            if not any(ch.isdigit() for ch in view[piece:b - 1]) and (piece == 0 or not view[piece - 1].isdigit()):
                b -= 1
                continue
            return b
        if _BOUNDARY.match(c) or c.isdigit():
            return b
        b -= 1
    return b


def _column_cue(before: str) -> tuple[str, str | None]:
    """``before`` without a column word at its end ("…发放指标为", "实际完成值为"), and the column that
    word names (None where there is none)."""
    for col in ("actual", "target"):
        for w in resources.markers(f"{col}_cue"):
            if before.endswith(w):
                return before[: -len(w)], col
    return before, None


@lru_cache(maxsize=None)
def _change_patterns() -> tuple[re.Pattern, re.Pattern]:
    """The words before the value a change starts from (由, 从, a few characters before it) and
    between it and the value it goes to (…到 / 至…): ``markers.tsv``."""
    frm, to = resources.marker("change_from_chars"), resources.marker("change_to_chars")
    words = r"[^，,。；;:：\d]"
    return re.compile(rf"[{frm}]{words}{{0,6}}$"), re.compile(rf"{words}{{0,12}}[{to}]{words}{{0,12}}")


def changes(view: str, found: list[ValueMatch]) -> dict[int, int | None]:
    """A change from one value to another ("覆盖面积由现有的1000平方公里扩展到…8522平方公里",
    "从80%提高到95%"): the first is where it stands now, no indicator value (None); the second is
    the indicator's value, named by the words before 由 / 从 (their offset)."""
    out: dict[int, int | None] = {}
    change_from, change_to = _change_patterns()
    for i in range(len(found) - 1):
        a, b = found[i], found[i + 1]
        frm = change_from.search(view, max(0, a.start - 7), a.start)
        if frm is not None and change_to.fullmatch(view, a.end, b.start) is not None:
            out[i], out[i + 1] = None, frm.start()
    return out


def name_span(view: str, m: ValueMatch, at: int | None = None) -> tuple[int, int] | None:
    """The indicator name: the counted noun right after a measure word, else the phrase before the
    value (or before offset ``at``: a change's "由", see :func:`changes`), else the noun phrase after it."""
    # a bound written as a sign right after a name ("…人口數≥23人改善…") closes that name; a count
    # ("打造2部精品", "举办超过20场招聘会") counts the noun after it
    signed = any(view[s:e].strip() in _SIGNS for s, e in m.ops) and m.start > 0 and not view[m.start - 1].isspace()
    counted = None if signed or at is not None else _counted_after(view, m)
    if counted is not None:
        return counted
    a = m.start if at is None else at
    # a list number's dot ("2.整治…") and a quote left open by the cut are no part of a name
    b, before = _phrase_before(view, a)
    if not before and a and view[a - 1] in "(（" and view[m.end:m.end + 1] in (")", "）") and _bracketed_value(m):
        b, before = _phrase_before(view, a - 1)  # a value in brackets after its name ("设备数量(≥40台)")
    stripped, col = _column_cue(before + (view[a:m.val[0]] if at is None else ""))
    if col is not None:
        before = stripped
    # a sentence that says what the goal is names it after the copula ("我绩效目标是全年完成应急救护培训")
    cut = max((before.rfind(w) + len(w) for w in resources.markers("goal_copula") if w in before), default=0)
    if cut and len(before) - cut >= 2:
        before = before[cut:]
    if before.count("“") != before.count("”"):
        before = before.strip("“”")
    name = _strip_words(_strip_words(before, left=True), left=False)
    name = _unquoted(_object_of(name, m))
    if len(name) >= 2:
        s = view.index(name, b)
        return s, s + len(name)
    c = m.end
    d = c
    while d < len(view) and not _BOUNDARY.match(view[d]) and not view[d].isdigit():
        d += 1
    after = view[c:d].strip()
    name = _strip_words(_strip_words(after, left=True), left=False)
    for tail in resources.markers("name_tail"):
        if name.endswith(tail) and len(name) > len(tail) + 1:
            name = name[: -len(tail)]
    if len(name) >= 2:
        s = view.index(name, c)
        return s, s + len(name)
    return None


@lru_cache(maxsize=None)
def _long_verbs() -> re.Pattern:
    words = sorted({w for w in resources.word_list("prose_verbs.txt") + resources.markers("object_verb") if len(w) >= 2},
                   key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


@lru_cache(maxsize=None)
def _object_verbs() -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(resources.markers("object_verb"), key=len, reverse=True))))


def _object_of(name: str, m: ValueMatch) -> str:
    """What a count counts: the object after the last verb that governs it ("我部认真开展党建活动"
    12次 -> 党建活动, "微信平台累计推送信息" 600篇 -> 信息), and no conjunction before it ("及其它工作
    服务的人员" -> 其它工作服务的人员); a rate or share keeps its words (培训完成率)."""
    if m.unit is None or m.unit == "%" or not re.fullmatch(r"[\u4e00-\u9fff]+", m.unit):
        return name
    if name.endswith(resources.markers("count_head")):
        return name  # a name of a count keeps its verb ("开展休假疗养次数", "补助农村干部人数")
    last = None
    for last in _object_verbs().finditer(name):
        pass
    rest = name[last.end():] if last is not None else ""
    if len(rest) >= 2 and rest not in resources.word_list("indicator_heads.txt"):
        name = rest
    if len(name) > 3 and name[0] in resources.marker("conjunction_chars"):
        name = name[1:]
    return name


def _bracketed_value(m: ValueMatch) -> bool:
    """Whether a value alone in brackets may be its name's value: one with a unit of measure (not
    money, not points: a weight "(60分)") or a bound ("(≥40台)"; not "(约50万)", a budget's size)."""
    if m.unit in MONEY_UNITS or m.unit == resources.marker("score_unit"):
        return False
    return m.unit is not None or m.op not in (None, "~", "=")


def is_indicator_shape(view: str, m: ValueMatch) -> bool:
    """Whether a value may be an indicator value by its own shape (no money, date, points, list
    number, ordinal, code)."""
    if m.unit in MONEY_UNITS or m.unit in DATE_UNITS or m.unit == resources.marker("score_unit"):
        return False  # (points are a weight or a score, never an indicator value: D8)
    if m.unit is None and not m.ops:
        return False
    nxt = view[m.end:m.end + 1]
    prev = view[m.start - 1:m.start] if m.start else ""
    if nxt in ("、", ".", "．") and m.unit is None:
        return False
    if prev in resources.markers("ordinal_prefix"):
        return False
    digits = view[m.val[0]:m.val[1]]
    if digits.isdigit() and len(digits) >= 6:
        return False  # phone numbers, codes and document numbers, not counts
    return True


def _phrase_before(view: str, a: int) -> tuple[int, str]:
    """Where the phrase before offset ``a`` starts (``_name_start``), and the phrase without what
    leads it that is no word: a list number's dot, a unit or sign of the value before."""
    b = _name_start(view, a)
    phrase = _LEADING_SIGNS.sub("", view[b:a].strip())
    if b and view[b - 1].isdigit():  # the phrase starts right after a number: its unit is no part of it
        unit = next((u for u in resources.units() if phrase.startswith(u) and len(phrase) > len(u) + 1), "")
        phrase = phrase[len(unit):].lstrip()
    return b, phrase


def prose_records(doc, tables, projects, sections=None) -> list[Record]:
    """Records of the performance prose of ``doc`` outside its tables (``sections``: the
    document's performance sections when already found, see ``structure.DocumentContext``)."""
    text = doc.text
    spans = Regions((t.start, t.end) for t in tables)
    out: list[Record] = []
    for s, e, col in (section_columns(text) if sections is None else sections):
        view = NormText(text, s, e, join_lines=True)
        v = view.text
        prev_end: int | None = None
        prev_name: tuple[int, int] | None = None
        found = find_values(v)
        change = changes(v, found)
        for k, m in enumerate(found):
            a, b = view.to_original(m.start, m.end)
            if spans.holds(a):
                continue
            if not is_indicator_shape(v, m) or (k in change and change[k] is None):
                continue
            # a value right after another ("受益人口76户174人") counts the same thing, as does one
            # whose words before it only name its column ("…指标为100%实际完成值为100%")
            cue_col = _column_cue(_phrase_before(v, m.val[0])[1])  # the operator too: "指标为"
            if prev_end is not None and not v[prev_end:m.start].strip():
                name = prev_name
            elif prev_name is not None and cue_col[1] and not cue_col[0].strip():
                name = prev_name
            else:
                name = name_span(v, m, change.get(k))
            prev_end, prev_name = m.end, name
            # a period is no indicator: quarterly budget shares ("第二季度完成50%")
            if name is None or v[name[0]:name[1]].endswith(resources.markers("period_name_tail")):
                continue
            ind = view.to_original(*name)
            rec = record_from_match(doc.name, text, ind, m, view.to_original, column=cue_col[1] or col,
                                    project=projects.at(a))
            rec.extra["reader"] = "prose"
            out.append(rec)
    return out
