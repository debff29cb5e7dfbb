"""Extractors and cell encodings are registered objects: one defined here, in the test, is used by
``extract``, ``pipeline.run``, the batch runner and the CLI with no other code change; and one
default extractor everywhere. (The toy model family is in tests/test_model_families.py.)"""
import inspect

from extraction import extract
from extraction.batch import extract_file, run_batch
from extraction.cli import build_parser
from extraction.extractors import DEFAULT_MODE, modes, register_extractor, table_records
from extraction.pipeline import run
from extraction.reading import Document
from extraction.tables import encodings
from extraction.tables.reader import read_cell_tables

# the first rows of filing 001's first table (tab-separated), read by eye
HEADER = "一级指标\t二级指标\t三级指标\t年度目标值"
ROWS = ["产出目标\t数量\t培训党员数量\t>=5000人", "\t质量\t党员参与率\t=100%", "\t时效\t党员培训及时率\t=100%"]


def test_one_default_extractor_everywhere():
    assert DEFAULT_MODE == "values" and DEFAULT_MODE in modes()
    for fn in (extract, run, extract_file, run_batch):
        assert inspect.signature(fn).parameters["mode"].default == DEFAULT_MODE, fn.__name__
    assert build_parser().parse_args(["extract", "x.txt"]).mode == DEFAULT_MODE


def test_a_toy_extractor_registered_here_is_used_everywhere(tmp_path):
    @register_extractor("tables_only")
    class TablesOnly:
        """The table rows alone, without prose rules or model."""

        reads_tables = True

        def records(self, context, *, tagger=None):
            return table_records(context)

    text = "\n".join([HEADER, *ROWS]) + "\n\n绩效目标：全年培训党员5000人次。\n"
    got = extract(text, mode="tables_only")
    assert [(r.indicator, r.op, r.value, r.unit) for r in got] == [
        ("培训党员数量", ">=", 5000, "人"), ("党员参与率", "=", 100, "%"), ("党员培训及时率", "=", 100, "%")]
    assert run(Document("x.txt", text), "tables_only").tables
    path = tmp_path / "x.txt"
    path.write_text(text, encoding="utf-8")
    assert extract_file(str(path), "tables_only").n_records == 3
    assert build_parser().parse_args(["extract", str(path), "--mode", "tables_only"]).mode == "tables_only"


def test_a_toy_cell_encoding_registered_here_is_used_by_the_reader(monkeypatch):
    # the same rows with cells cut by a broken bar, a way of writing cells no reader knows
    text = "\n".join(line.replace("\t", "¦") for line in [HEADER, *ROWS]) + "\n"
    # (the glued-cells reader finds its values, but not the names the bars part)
    names = [r.name.text for t in read_cell_tables(text) for r in t.rows if r.name is not None]
    assert not {"培训党员数量", "党员参与率", "党员培训及时率"} & set(names)
    monkeypatch.setattr(encodings, "ENCODINGS", dict(encodings.ENCODINGS))

    @encodings.register("broken_bar", lambda line: "¦" in line)
    def split_broken_bar(line):
        out, pos = [], 0
        for i, ch in enumerate(line):
            if ch == "¦":
                out.append((pos, i))
                pos = i + 1
        return out + [(pos, len(line))]

    assert list(encodings.ENCODINGS)[-1] == "line"        # the catch-all stays last
    rows = [r for t in read_cell_tables(text) for r in t.rows]
    assert [r.name.text for r in rows] == ["培训党员数量", "党员参与率", "党员培训及时率"]
    got = extract(text, mode="rules")
    assert [(r.indicator, r.value, r.unit) for r in got] == [("培训党员数量", 5000, "人"), ("党员参与率", 100, "%"),
                                                            ("党员培训及时率", 100, "%")]
