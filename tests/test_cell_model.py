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
from extraction.labeling.cells import (NAME, NAME_I, STMT, VALUE_LABELS, CellTagger, _fixed_width_start,
                                       _gold_columns, cell_labels)
from extraction.output import write_records
from extraction.pipeline import run
from extraction.reading import Document
from extraction.tables.reader import stream_cells

from .conftest import CHECKER, FILINGS

# a real excerpt of sample 003 (PDF text): names cut every five characters over blank lines
PDF_NAMES = ("一级指标 二级指标 指标内容 指标值 绩效标准 \n\n产出指标 \n\n数量指标 \n\n绩效管理和\n\n综合考评 \n1 项  \n\n"
             "信息平台运\n\n行及维护 \n1 套  \n\n质量指标 \n\n圆满完成年\n\n度绩效管理\n\n和考评工作 \n\n100%  \n\n")
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
