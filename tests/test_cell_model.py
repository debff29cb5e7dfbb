"""The cell-role model (family "cells"): gold roles of real cells, a model trained on other layouts
reading a held-out filing, its files, the assembly of names a PDF cut at a fixed width, and the
shipped model behind ``mode="model"``."""
import bisect
import json
import subprocess
import sys

import pytest

from extraction.evaluating.lofo import Corpus
from extraction.evaluating.scoring import match_records
from extraction.labeling import default_tagger
from extraction.labeling.augment import layout_variants
from extraction.labeling.cells import (CELL_FILE, NAME, NAME_I, OP, OTHER, STMT, UNIT, VALUE_LABELS, CellTagger, _checked_role,
                                       _fixed_width_start, _gold_columns, cell_labels)
from extraction.output import write_records
from extraction.pipeline import run
from extraction.reading import Document
from extraction.tables.encodings import broken_cells
from extraction.tables.reader import columns_of, stream_cells

from .conftest import CHECKER, FILINGS

# a real excerpt of sample 003 (PDF text): names cut every five characters over blank lines
PDF_NAMES = ("一级指标 二级指标 指标内容 指标值 绩效标准 \n\n产出指标 \n\n数量指标 \n\n绩效管理和\n\n综合考评 \n1 项  \n\n"
             "信息平台运\n\n行及维护 \n1 套  \n\n质量指标 \n\n圆满完成年\n\n度绩效管理\n\n和考评工作 \n\n100%  \n\n")
# a real excerpt of sample 003 further on: every cell ends with a space before its line break, so
# a line that ends without one ("考察方案规") was broken by the column width, values and levels too
PDF_BROKEN = ("二级指标 指标内容 指标值 绩效标准 \n\n产出指标 \n\n数量指标 \n\n考察人数 \n考察方案规\n\n定人数 \n \n\n"
              "干部档案 \n区管干部人\n\n数 \n \n\n干部信息升\n\n级 \n1 套  \n\n组织公开选\n\n调 \n选调人数  \n\n质量指标 \n"
              "完成工作任\n\n务 \n≥99.5%  \n\n时效指标 \n\n完成工作时\n\n限要求 \n\n按时间节点\n\n完成考察 \n \n\n   \n\n"
              "成本指标 / /  \n\n效益指标 \n社会效益指\n\n标 \n城区吸引力 有所提升  \n")
HELD_OUT = "007_tianjin_fayuan_2023_mubiao_multi.txt"
TRAIN = ["001_af77a365bec559de.txt", "004_1ffb94c558d09361.txt", "016_anhui_nongcun_2023_bumen_zhengti_ziping.txt",
         "019_shanxi_renshe_2021_ziping_ocr.txt", "005_henan_danganguan_2021_pifu.txt", "002_be7d0c6e3af37247.txt",
         "013_jiangxi_linye_2026_bumen_zhengti_mubiao.txt"]


@pytest.fixture(scope="module")
def corpus():
    return Corpus.load_corpora()


@pytest.fixture(scope="module")
def trained(corpus):
    return corpus.fit(CellTagger, TRAIN)


def test_gold_roles_put_every_gold_name_and_value_in_its_cell(corpus):
    for doc in (HELD_OUT, "028_chongqing_gongan_2022_ziping_report.txt", "003_85fba57fb91dfa56.txt"):
        text = corpus.texts[doc]
        cells = stream_cells(text)
        labels = cell_labels(text, cells, sorted(corpus.spans[doc]), _gold_columns(corpus.records[doc]))
        at = {c.cell.start: lab for c, lab in zip(cells, labels)}
        starts = sorted(at)

        def label_at(pos):
            return at[starts[bisect.bisect_right(starts, pos) - 1]]

        for r in corpus.records[doc]:
            val = next(s for lab, s, _ in r.spans if lab == "VAL")
            ind = next(s for lab, s, _ in r.spans if lab == "IND")
            assert label_at(val) in (r.column.upper(), STMT), (doc, r.indicator)
            assert label_at(ind) in (NAME, NAME_I, STMT), (doc, r.indicator)
        assert any(lab in VALUE_LABELS for lab in labels)


def test_trained_on_other_layouts_it_reads_a_held_out_filing(corpus, trained):
    assert HELD_OUT not in TRAIN
    recs = trained.records(HELD_OUT, corpus.texts[HELD_OUT])
    m = match_records(corpus.records[HELD_OUT], recs)
    assert m.prf.f1 >= 0.8, m.prf
    assert {r.source for r in recs} == {"model"}


def test_saved_and_loaded_it_gives_the_same_records(corpus, trained, tmp_path):
    folder = trained.save(tmp_path / "cells")
    assert {p.name for p in folder.iterdir()} >= {"cells.crfsuite", "model.crfsuite", "statements.crfsuite"}
    loaded = CellTagger.load(folder, **trained.get_params())
    text = corpus.texts[HELD_OUT]
    assert [r.to_dict() for r in loaded.records(HELD_OUT, text)] == [r.to_dict() for r in trained.records(HELD_OUT, text)]


def test_a_name_cut_at_a_fixed_width_starts_at_its_first_piece():
    cells = stream_cells(PDF_NAMES)
    texts = [c.text for c in cells]
    last = texts.index("行及维护")
    assert texts[_fixed_width_start(cells, last, set())] == "信息平台运"
    # a piece longer than the one before it is no continuation: the name starts at itself
    first = texts.index("数量指标")
    assert _fixed_width_start(cells, first, set()) == first


def test_the_trained_model_joins_pieces_into_one_name(trained):
    names = {r.indicator for r in trained.records("<pdf>", PDF_NAMES)}
    assert "信息平台运行及维护" in names or "绩效管理和综合考评" in names, names
    assert not {"行及维护", "综合考评"} & names


def test_the_shipped_model_is_the_cell_model_and_model_mode_keeps_the_contract(corpus, tmp_path):
    assert isinstance(default_tagger(), CellTagger)
    text = corpus.texts["001_af77a365bec559de.txt"]
    recs = run(Document(name="001_af77a365bec559de.txt", text=text), "model").records
    assert len(recs) >= 100 and {r.source for r in recs} == {"model"}
    out = tmp_path / "model.jsonl"
    write_records(out, recs)
    res = subprocess.run([sys.executable, str(CHECKER), str(out), "--filings", str(FILINGS)], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    assert all(json.loads(line)["source"] == "model" for line in out.read_text(encoding="utf-8").splitlines())


def test_a_text_that_opens_with_a_table_row_gives_that_row():
    # a continuation page: the row comes before any header or name the model could lean on
    recs = run(Document(name="page2", text="产出目标\t数量\t培训党员数量\t>=5000人\n"), "model").records
    assert [(r.indicator, r.op, r.value, r.unit) for r in recs] == [("培训党员数量", ">=", 5000, "人")]


class _GivenRoles(CellTagger):
    """The cell model with the roles of its cells given (by cell text), to test the assembly alone."""

    def __init__(self, roles: dict[str, str]) -> None:
        super().__init__()
        self.given = roles

    def _tagged(self, text, context=None):
        cells = stream_cells(text)
        return cells, [self.given.get(c.text, OTHER) for c in cells], [col for col, _ in columns_of(text, cells)]


def test_pieces_a_pdf_column_width_broke_are_found_by_the_missing_trailing_space():
    cells = stream_cells(PDF_BROKEN)
    pairs = [(cells[i].text, cells[i + 1].text) for i in sorted(broken_cells(PDF_BROKEN, cells))]
    assert ("考察方案规", "定人数") in pairs and ("完成工作任", "务") in pairs
    # a level name broken so is one cell already: its pieces spell a hierarchy name
    assert "社会效益指\n\n标" in [c.text for c in cells]
    # a cell that ends with its space is whole, and a value on the next line starts a cell
    assert all(a not in ("考察人数", "干部档案") and not b.startswith("≥") for a, b in pairs)
    # the same text with no space at the ends of its lines: typed, a line break is no sign of a
    # broken cell; OCR'd (a space at a line's end prints as nothing), a word that goes on over the
    # break is ("规|定", "任|务"), and whole cells stay apart
    plain = PDF_BROKEN.replace(" \n", "\n")
    cells = stream_cells(plain)
    assert broken_cells(plain, cells) == set()
    pairs = [(cells[i].text, cells[i + 1].text) for i in sorted(broken_cells(plain, cells, ocr=True))]
    assert ("考察方案规", "定人数") in pairs and ("完成工作任", "务") in pairs and ("完成工作时", "限要求") in pairs
    assert all(a not in ("考察人数", "干部档案", "数量指标") and not b.startswith("≥") for a, b in pairs)


def test_a_broken_value_and_a_broken_level_are_read_whole():
    tagger = _GivenRoles({"考察人数": NAME, "考察方案规": "TARGET", "干部档案": NAME, "区管干部人": "TARGET",
                          "城区吸引力": NAME, "有所提升": "TARGET"})
    rows, _ = tagger.rows(PDF_BROKEN)
    got = {(r.name.text, r.values[0][1].text.replace("\n", "")) for r in rows}
    assert ("考察人数", "考察方案规定人数") in got and ("干部档案", "区管干部人数") in got
    last = next(r for r in rows if r.name.text == "城区吸引力")
    assert (last.level1, last.level2) == ("效益指标", "社会效益指标")


def test_an_operator_cell_is_the_operator_whatever_the_model_calls_it():
    for role in (NAME, OTHER, "TARGET"):
        assert _checked_role(role, "大于等于", "op") == OP
    assert _checked_role(NAME, "正向", "nature") == OTHER


def test_words_the_reader_puts_in_the_name_column_name_a_row_the_model_left_unnamed():
    text = "| 一级指标 | 二级指标 | 三级指标 | 指标值 |\n| 产出指标 | 数量指标 | 培训人数 | ≥100人 |\n"
    rows, _ = _GivenRoles({"≥100人": "TARGET"}).rows(text)
    assert [(r.name.text, r.values[0][1].text) for r in rows] == [("培训人数", "≥100人")]
    # a label the model sees before a name it found is no name of its own
    rows, _ = _GivenRoles({"≥100人": "TARGET", "培训人数": NAME}).rows(text)
    assert [r.name.text for r in rows] == ["培训人数"]


# real excerpts: sample 000's self-evaluation columns (前年 / 上年 / 当年 values, tab cells), sample
# 002's 绩效指标描述 column after the name (one tab cell a line), sample 004's names broken by the
# PDF line width one or two characters before their end
VALUE_COLUMNS = ("目标名称\t一级指标\t二级指标\t指标内容\t指标值（前 年）\t指标值（上 年）\t指标值（预 计当年实 现）\t绩效标准\n"
                 "干部队伍 建设\t效益指标\t社会效益 指标\t建设高素质 专业化干部 队伍，激励 干部担当作 为，提高工 作积极性"
                 "\t完成\t完成\t完成\t历史标准\n")
DESC_COLUMN = ("\t一级指标\n\t二级指标\n\t三级指标\n\t绩效指标描述\n\t指标值\n\t指标值确定依据\n\n\t产出指标\n\t数量指标\n"
               "\t组织培训次数\n\t对督查组全体成员、督查组办公室全体成员、事项相关单位人员的培训次数\n\t1次\n\t计划标准\n")
LINE_BROKEN = ("“不忘初心、牢记使命”主题教育读书班 69场 69场 1\n\n“不忘初心、牢记使命”主题教育研讨交\n流\n\n"
               "872次 872次 1\n\n“不忘初心、牢记使命”主题教育调研成\n果\n\n73场 73场383个 1\n\n")


def test_a_value_in_a_marked_value_column_is_a_value_the_model_missed():
    name = "建设高素质 专业化干部 队伍，激励 干部担当作 为，提高工 作积极性"
    cells = stream_cells(VALUE_COLUMNS)
    cols = [col for col, _ in columns_of(VALUE_COLUMNS, cells)]
    done = [col for sc, col in zip(cells, cols) if sc.text == "完成"]
    assert done == ["prior", "last", "target"]
    # the model found the name and none of the three values: the header's columns give them
    rows, _ = _GivenRoles({name: NAME}).rows(VALUE_COLUMNS)
    assert [(r.name.text, [(col, v.text) for col, v in r.values]) for r in rows] == \
        [(name, [("prior", "完成"), ("last", "完成"), ("target", "完成")])]
    # cells cut from runs of spaces or lines: the reader's guess does not overrule the model
    assert _checked_role(OTHER, "完成", "target", "spaces") == OTHER
    assert _checked_role(OTHER, "完成", "target", "tabs") == "TARGET"
    assert _checked_role(OTHER, "计划标准", "target", "tabs") == OTHER  # words, not a value


# a real excerpt of dev filing 013 (markdown pipes): the unit in a 度量单位 column of its own
UNIT_COLUMN = ("| 一级指标 | 二级指标 | 三级指标 | 计算符号 | 目标值 | 度量单位 | 指标值说明 | |\n"
               "| 产出指标 | 数量指标 | 湿地保有量(公顷) | = | 4900 | 公顷 | 该指标值数据合理 | |||\n")


def test_a_unit_in_a_marked_unit_column_is_the_unit_the_model_missed():
    rows, _ = _GivenRoles({"湿地保有量(公顷)": NAME, "4900": "TARGET"}).rows(UNIT_COLUMN)
    assert [(r.name.text, r.op.text, r.values[0][1].text, r.unit.text) for r in rows] == \
        [("湿地保有量(公顷)", "=", "4900", "公顷")]
    assert _checked_role(OTHER, "公顷", "unit", "spaces") == OTHER  # cells not marked: the model decides


def test_a_name_does_not_go_on_into_the_description_column():
    desc = "对督查组全体成员、督查组办公室全体成员、事项相关单位人员的培训次数"
    rows, _ = _GivenRoles({"组织培训次数": NAME, desc: NAME_I, "1次": "TARGET"}).rows(DESC_COLUMN)
    assert [(r.name.text, r.values[0][1].text) for r in rows] == [("组织培训次数", "1次")]


def test_a_name_broken_before_its_last_character_is_read_whole():
    # the model took the one-character tails for names and left the names' heads out
    roles = {"流": NAME, "果": NAME, "872次": "TARGET", "73场": "TARGET", "“不忘初心、牢记使命”主题教育读书班": NAME,
             "69场": "TARGET"}
    rows, _ = _GivenRoles(roles).rows(LINE_BROKEN)
    names = [r.name.text.replace("\n", "") for r in rows]
    assert names == ["“不忘初心、牢记使命”主题教育读书班", "“不忘初心、牢记使命”主题教育研讨交流",
                     "“不忘初心、牢记使命”主题教育调研成果"]
    # a short name of its own on the next line after a row with values stays a name
    rows, _ = _GivenRoles({"读书班": NAME, "2场": "TARGET", "流": NAME, "3次": "TARGET"}).rows("读书班\n2场\n流\n3次\n")
    assert [r.name.text for r in rows] == ["读书班", "流"]


def test_layout_variants_keep_every_gold_span_at_its_offsets(corpus):
    doc = "001_af77a365bec559de.txt"  # tab-separated tables
    text = corpus.texts[doc]
    variants = dict(layout_variants(text))
    assert {"pipes", "one cell a line", "spaces"} <= set(variants)
    for name, v in variants.items():
        assert len(v) == len(text)
        cells = stream_cells(v)
        labels = cell_labels(v, cells, sorted(corpus.spans[doc]), _gold_columns(corpus.records[doc]))
        assert sum(lab in VALUE_LABELS for lab in labels) >= 100, name  # the gold values still label cells
    assert layout_variants("培训人数 100人") == []


def test_an_augmented_model_trains_on_the_variants_and_keeps_its_parameter(corpus, tmp_path):
    docs = ["000_5a514e3628d3866e.txt"]
    plain = corpus.fit(CellTagger, docs)
    augmented = corpus.fit(lambda: CellTagger(augment=True), docs)
    assert augmented.get_params()["augment"] is True
    # the cell CRF learnt from more sequences: a different model
    a, b = plain.save(tmp_path / "plain"), augmented.save(tmp_path / "augmented")
    assert (a / CELL_FILE).read_bytes() != (b / CELL_FILE).read_bytes()
    # and, trained on the same filing written with pipes too, it reads that filing's pipe copy
    pipes = dict(layout_variants(corpus.texts[docs[0]]))["pipes"]
    assert match_records(corpus.records[docs[0]], augmented.records(docs[0], pipes)).prf.f1 >= 0.75
