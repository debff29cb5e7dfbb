"""Property-based tests (hypothesis) over the text path, the grid path and the value grammar:
no input makes extraction raise; every record's text is the original at start:end; normalisation
never moves an offset; every output format writes whatever the records hold. Bounded
(derandomized, fixed example counts) so CI runs them in seconds; scripts/fuzz_count.py runs the
same inputs 10,000 times per mode."""
import csv
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extraction import extract
from extraction.output import write_records
from extraction.record import MAX_TEXT
from extraction.normalizing import NormText
from extraction.pipeline import run
from extraction.reading import Document, TextBuilder
from extraction.values import find_values, parse_value_cell

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])
OPS = {">=", "<=", ">", "<", "=", "~"}

# pieces the filings are made of, so generated text reaches the table, value and prose rules
WORDS = ["一级指标", "二级指标", "三级指标", "指标内容", "指标值", "年度目标值", "全年完成值", "产出指标",
         "数量指标", "培训人数", "满意度", "完成率", "项目名称：", "年度绩效目标", "≥", ">=", "≤", "以上",
         "不少于", "达到", "约", "大于等于", "%", "％", "人", "万人", "万元", "次", "期", "小时", "分\n钟",
         "5000", "90", "１００", "4.6", "2万", "一", "十二", "健全", "完成", "$\\geq 50$", "\\%", "<p>", "</p>",
         "，", "。", "：", "(", "（", "）", " ", "\u3000", "\t", "\n", "\n\n", "\r\n", "-", "--", "*"]
pieces = st.one_of(st.sampled_from(WORDS), st.text(max_size=4))
filing_text = st.lists(pieces, max_size=80).map("".join)

value_cell = st.one_of(
    st.tuples(st.sampled_from(["", "≥", ">=", "＞＝", "不少于", "达到", "约", "≤", "$\\geq "]),
              st.sampled_from(["5000", "90", "１００", "4.6", "2", "一", "0.5", "1,200"]),
              st.sampled_from(["", "%", "％", "人", "万人", "万元", "次", "小时", "天/月", "\\%$", " 分\n钟"]),
              st.sampled_from(["", "以上", "以内", "左右"])).map("".join),
    st.sampled_from(["健全", "有所提升", "及时", "", "--", "完成率 100%，抽查核实率 10%以上"]),
    filing_text)
row = st.tuples(st.sampled_from(["产出指标", "效益指标", ""]), st.sampled_from(["数量指标", "质量", "社会效益", ""]),
                st.one_of(st.sampled_from(["培训人数", "满意度", "培训 覆盖率", ""]), filing_text),
                value_cell, value_cell).map("\t".join)
header = st.sampled_from(["一级指标\t二级指标\t三级指标\t年度目标值\t全年完成值",
                          "一级指标\t二级指标\t指标内容\t指标值\t全年完成值",
                          "\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\t全年完成值"])


@st.composite
def table_text(draw) -> str:
    """A table (tab-separated, or one cell a line), prose, and noise put in anywhere."""
    rows = draw(st.lists(row, max_size=8))
    sep = draw(st.sampled_from(["\n", "\n\n", "\r\n"]))
    text = draw(header) + sep + sep.join(rows)
    text += "\n年度绩效目标：" + draw(st.sampled_from(["培训合格率达到90%以上", "全年计划开展体验培训1万人次", ""]))
    for _ in range(draw(st.integers(0, 3))):
        k = draw(st.integers(0, len(text)))
        text = text[:k] + draw(pieces) + text[k:]
    return text


any_text = st.one_of(st.text(max_size=300), filing_text, table_text())
# one line, often past 255 bytes (a file name's limit: such strings were taken for paths)
single_line = st.one_of(st.text(alphabet=st.characters(blacklist_characters="\n\r"), min_size=256, max_size=600),
                        st.lists(st.sampled_from([w for w in WORDS if "\n" not in w and "\r" not in w]),
                                 min_size=30, max_size=200).map("".join))
CONTROL = [chr(c) for c in range(0, 32) if chr(c) not in "\t\n\r"] + ["\x7f", "\x85", "\u2028", "\ufeff"]
with_controls = st.tuples(st.one_of(filing_text, table_text()), st.lists(st.tuples(st.integers(0, 10_000),
                          st.sampled_from(CONTROL)), max_size=6)).map(
    lambda t: _insert(t[0], t[1]))
# Chinese numerals as no grammar writes them ("千十七人"): cn2an raised KeyError on them
NUMERAL = "零一二三四五六七八九十百千万亿两点负"
malformed_numerals = st.tuples(st.sampled_from(["培训人数", "覆盖率", "完成", ""]), st.sampled_from(["", "≥", "达到", "不少于"]),
                               st.text(alphabet=NUMERAL, min_size=1, max_size=8),
                               st.sampled_from(["人", "人次", "%", "万元", "次", ""])).map("".join)


def _insert(text: str, inserts) -> str:
    for k, ch in inserts:
        k = k % (len(text) + 1)
        text = text[:k] + ch + text[k:]
    return text


def check_records(text: str, records) -> None:
    for r in records:
        assert 0 <= r.start < r.end <= len(text)
        assert text[r.start:r.end] == r.text
        assert r.op in OPS and r.indicator
        assert len(r.text) <= MAX_TEXT
        for label, s, e in r.spans:
            # the name may lie before a text cut short to its value (records stay bounded)
            assert (r.start <= s or label == "IND") and s < e <= r.end


@FUZZ
@given(any_text)
def test_extract_never_raises_and_records_point_at_their_text(text):
    check_records(text, extract(text=text, name="fuzz.txt"))


@pytest.mark.parametrize("mode", ["rules", "combined", "model"])
@FUZZ
@given(st.one_of(single_line, with_controls))
def test_single_lines_and_control_characters_never_raise(mode, text):
    # positional: a one-line string is text unless it names a file (the API's contract)
    check_records(text, extract(text, mode=mode, name="fuzz.txt"))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(malformed_numerals)
def test_malformed_chinese_numerals_never_raise(cell):
    text = "一级指标\t二级指标\t三级指标\t年度目标值\n产出目标\t数量\t" + cell + "\t" + cell + "\n年度绩效目标：" + cell
    for mode in ("rules", "combined"):
        check_records(text, extract(text=text, mode=mode, name="fuzz.txt"))


@FUZZ
@given(st.one_of(any_text, with_controls), st.sampled_from([".jsonl", ".csv", ".xlsx"]))
def test_every_output_format_writes_what_the_records_hold(tmp_path_factory, text, suffix):
    from openpyxl import load_workbook

    records = extract(text=text, mode="rules", name="fuzz.txt")
    out = tmp_path_factory.mktemp("out") / f"r{suffix}"
    assert write_records(out, records) == len(records)
    if suffix == ".jsonl":
        rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        assert [r["text"] for r in rows] == [r.text for r in records]
    elif suffix == ".csv":
        with open(out, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == len(records)
        assert all(not row["indicator"].startswith(("=", "+", "-", "@")) or row["indicator"].startswith("'")
                   for row in rows)
    else:
        ws = load_workbook(out).active
        assert ws.max_row == len(records) + 1
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


@FUZZ
@given(st.lists(st.lists(st.one_of(st.none(), value_cell, st.sampled_from(WORDS), filing_text), max_size=7), max_size=8),
       st.lists(filing_text, max_size=3))
def test_grids_never_raise_and_cells_point_at_their_text(rows, paragraphs):
    header = ["一级指标", "二级指标", "三级指标", "指标值", "全年完成值"]
    out = TextBuilder()
    for p in paragraphs:
        out.paragraph(p)
    grid = out.table([header] + [list(row) for row in rows], {"table": 1})
    if rows and len(rows[-1]) > 1:  # a merged cell pointing back at the row before
        out.table([header, ["产出指标", "数量", "人数", "5人"], [("merged", (1, 0)), "质量", "率", "90%"]],
                  {"table": 2})
    doc = out.document("fuzz.docx", None)
    for g in doc.grids:
        for row in g.rows:
            for c in row:
                assert doc.text[c.start:c.end] == c.text
    assert grid is None or grid in doc.grids
    res = run(doc)
    check_records(doc.text, res.records)
    for r in res.records:
        if r.source == "rule" and "row" in r.extra:  # a record from a cell: the cell it names holds its value
            g = doc.grids[[g.origin["table"] for g in doc.grids].index(r.extra["table"])]
            cell = g.rows[r.extra["row"] - 1][r.extra["cell"] - 1]
            val = next(s for lab, s, _ in r.spans if lab == "VAL")
            assert cell.start <= val < cell.end


@FUZZ
@given(any_text)
def test_value_grammar_spans_stay_inside_the_text(text):
    for m in parse_value_cell(text) + find_values(text) + find_values(text, chinese_numerals=True):
        for s, e in [m.val, *m.ops, *m.units] + ([m.ind] if m.ind else []):
            assert 0 <= s <= e <= len(text)
        assert m.op in OPS
        assert m.value is None or m.qualitative is None


@FUZZ
@given(any_text, st.integers(0, 300), st.integers(0, 300), st.booleans(), st.booleans())
def test_normalisation_never_moves_an_offset(text, a, b, join_lines, drop_spaces):
    a, b = sorted((min(a, len(text)), min(b, len(text))))
    view = NormText(text, a, b, join_lines=join_lines, drop_spaces=drop_spaces)
    prev_end = a
    for i, ch in enumerate(view.text):
        s, e = view.to_original(i, i + 1)
        assert prev_end <= s < e <= b  # in order, inside the slice, never overlapping
        prev_end = e
        src = text[s:e]
        if len(src) == 1:  # one character for one: the same character, folded
            assert ch == src or ch == " " and src.isspace() or ord(src) - 0xFEE0 == ord(ch)
        else:  # a tag read as a line break, or a LaTeX escape read as the character it escapes
            assert (ch == "\n" and src.startswith("<")) or (src == "\\" + ch)
    if view.text:
        assert view.to_original(0, len(view.text)) == (view.to_original(0, 1)[0],
                                                        view.to_original(len(view.text) - 1, len(view.text))[1])


# --- review and evaluate: records files as a careless or hostile user writes them ------------------
# FUZZ_EXAMPLES=10000 runs each of the three 10,000 times:
#     FUZZ_EXAMPLES=10000 PYTHONPATH=. .venv/bin/python -m pytest -q tests/test_fuzz.py -k "review or evaluate"
import os  # noqa: E402
from pathlib import Path  # noqa: E402

RECORDS_FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 60)), deadline=None, derandomize=True,
                        database=None, suppress_health_check=list(HealthCheck))
ANNOTATIONS = Path(__file__).resolve().parents[1] / "annotations"
SAMPLE = sorted((ANNOTATIONS / "filings").glob("001_*.txt"))[0]
json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                                     st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20)),
                           lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(st.text(max_size=8), kids,
                                                                                              max_size=4)),
                           max_leaves=10)
numbers = st.one_of(st.none(), st.integers(-10**6, 10**9), st.floats(-1e12, 1e12, allow_nan=False),
                    st.sampled_from([0, 100, 100.0, 99.9, 1e308]))
offsets = st.integers(0, 200_000)  # past the sample filing's end, too


@st.composite
def records_line(draw, valid: bool = False) -> str:
    """A record as extract writes it, one with a field changed or dropped, or any JSON or text."""
    value = draw(numbers)
    rec = {"doc": draw(st.sampled_from([SAMPLE.name, "missing.txt", "", "../x.txt"])),
           "project": draw(st.one_of(st.none(), st.sampled_from(["VR党建宣教中心经费", "", "=1+1"]))),
           "level1": draw(st.one_of(st.none(), st.sampled_from(["产出指标", "效益指标", "满意度指标"]))),
           "level2": draw(st.one_of(st.none(), st.sampled_from(["数量指标", "质量指标", "成本指标", "满意度", "时效(10分)"]),
                                    st.text(max_size=6))),
           "indicator": draw(st.one_of(st.sampled_from(["培训人数", "完成率", "满意度", "=HYPERLINK(\"x\")", "**"]),
                                       st.text(min_size=1, max_size=10))),
           "op": draw(st.sampled_from(sorted(OPS))), "value": value,
           "unit": draw(st.one_of(st.none(), st.sampled_from(["%", "人", "元", "万元", "次", "人次"]))),
           "qualitative": None if value is not None else draw(st.sampled_from(["健全", "及时", "有所提升"])),
           "column": draw(st.sampled_from(["target", "actual", "prior", "last"])),
           "text": draw(st.text(max_size=10)), "source": draw(st.sampled_from(["rule", "model"]))}
    a, b = sorted(draw(st.tuples(offsets, offsets)))
    rec.update(start=a, end=b, spans=draw(st.lists(st.tuples(st.sampled_from(["IND", "OP", "VAL", "UNIT"]), offsets,
                                                               offsets).map(list), max_size=3)))
    kind = "valid" if valid else draw(st.sampled_from(["valid", "changed", "dropped", "json", "text"]))
    if kind == "changed":
        rec[draw(st.sampled_from(sorted(rec)))] = draw(json_values)
    elif kind == "dropped":
        del rec[draw(st.sampled_from(sorted(rec)))]
    elif kind == "json":
        return json.dumps(draw(json_values))
    elif kind == "text":
        return draw(st.text(max_size=40)).replace("\n", " ")
    return json.dumps(rec, ensure_ascii=draw(st.booleans()))


# files of valid records (the review's and the evaluation's code runs on them), or with bad lines too
records_file = st.one_of(st.lists(records_line(valid=True), max_size=12),
                         st.lists(records_line(), max_size=4)).map(lambda lines: "\n".join(lines) + "\n")


def _write(tmp_path_factory, content: str) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "records.jsonl"
    path.write_bytes(content.encode("utf-8", "surrogatepass"))  # lone surrogates: bytes no UTF-8 reader takes
    return path


def _review_inputs(path: Path):
    from extraction.reviewing import load_inputs

    try:
        return load_inputs([path], filings=[ANNOTATIONS / "filings"])
    except ValueError as err:  # a bad line: one line naming the file and the line
        assert str(err).startswith(f"{path}:") and "\n" not in str(err)
        return None


@RECORDS_FUZZ
@given(records_file)
def test_review_completion_never_raises_on_a_records_file(tmp_path_factory, content):
    from extraction.reviewing import completion, completion_rates
    from extraction.reviewing.report import SHOWN, write_tables

    path = _write(tmp_path_factory, content)
    inputs = _review_inputs(path)
    if inputs is None:
        return
    table = completion(inputs)
    sheets = {"completion": table, "by project": completion_rates(table, ["doc", "project"]),
              "by filing": completion_rates(table, "doc")}
    for suffix in (".csv", ".md"):
        write_tables(path.with_suffix(suffix), sheets, title="t", main="completion", shown=SHOWN)


@RECORDS_FUZZ
@given(records_file)
def test_review_lint_never_raises_on_a_records_file(tmp_path_factory, content):
    from extraction.reviewing import lint
    from extraction.reviewing.lint import FINDING_COLUMNS, rules_frame
    from extraction.reviewing.report import FINDINGS_SHOWN, write_tables

    path = _write(tmp_path_factory, content)
    inputs = _review_inputs(path)
    if inputs is None:
        return
    findings = lint(inputs)
    assert list(findings.columns) == FINDING_COLUMNS
    write_tables(path.with_suffix(".csv"), {"findings": findings, "rules": rules_frame()}, title="t",
                 main="findings", shown=FINDINGS_SHOWN)


@RECORDS_FUZZ
@given(records_file)
def test_evaluate_never_raises_on_a_records_file(tmp_path_factory, content):
    from extraction.evaluating.report import evaluate
    from extraction.output import read_records

    path = _write(tmp_path_factory, content)
    try:
        pred = read_records(path)
    except ValueError as err:
        assert str(err).startswith(f"{path}:") and "\n" not in str(err)
        return
    ev = evaluate(pred, ANNOTATIONS / "gold", ANNOTATIONS / "filings")
    assert ev.markdown(errors=True).startswith("# ")
