"""The sequence labeler: windows, features, BIO round trip, training end to end, assembly."""
import json
import shutil

import pytest

from extraction.labeling import MODEL_DIR
from extraction.labeling.crf import CRFTagger, bio_labels, spans_from_tags
from extraction.labeling.features import sequence_features, solid_tokens, token_class
from extraction.labeling.windows import candidate_windows
from extraction.tokenizing import segment

from .conftest import FILINGS


def test_candidate_windows_skip_lines_without_values():
    text = "项目概况\n本项目用于党建工作\n\n\n绩效指标\n培训合格率达到90%以上\n其他说明\n" + "无关文字\n" * 20 + "满意度 ≥95%\n"
    wins = candidate_windows(text, before=1, after=0)
    assert len(wins) == 2
    assert text[wins[0][0]:wins[0][1]] == "绩效指标\n培训合格率达到90%以上"
    assert text[wins[1][0]:wins[1][1]].endswith("满意度 ≥95%")


def test_token_classes():
    assert [token_class(t) for t in ["90", "≥", "以上", "%", "万", "健全", "，", "\t", "\n", "培训", "<p>"]] == \
        ["num", "op", "op", "unit", "mag", "qual", "punct", "tab", "nl", "han", "tag"]


def test_features_see_cells_and_separators():
    text = "数量指标\t培训党员数量\t>=5000人"
    toks = segment(text)
    feats = sequence_features(text, toks)
    solid = [text[toks[i][0]:toks[i][1]] for i in solid_tokens(text, toks)]
    assert len(feats) == len(solid) and "\t" not in solid
    f = dict(zip(solid, feats))
    assert f["培训"]["cell_first"] and f["培训"]["gap_before"] == "tab" and f["培训"]["to_value"] == 1
    assert f["数量"]["cell_last"] and f["数量"]["cell_head"] in ("数量", "量")
    assert f["数量指标"]["is_level"]
    assert f["5000"]["cls"] == "num" and f["5000"]["-1:cls"] == "op"


def test_bio_round_trip():
    text = "培训合格率达到90%以上"
    toks = segment(text)
    spans = [("IND", 0, 5), ("OP", 5, 7), ("VAL", 7, 9), ("UNIT", 9, 10), ("OP", 10, 12)]
    tags = bio_labels(toks, spans)
    assert tags == ["B-IND", "B-OP", "B-VAL", "B-UNIT", "B-OP"]
    back = spans_from_tags(toks, tags)
    assert [(s.label, s.start, s.end) for s in back] == spans


def test_spans_from_tags_join_a_name_broken_over_lines():
    text = "绩效管理和\n\n综合考评 \n1 项"
    toks = [t for t in segment(text) if text[t[0]:t[1]].strip()]
    words = [text[a:b] for a, b in toks]
    assert words == ["绩效", "管理", "和", "综合", "考评", "1", "项"]
    tags = ["B-IND", "I-IND", "I-IND", "I-IND", "I-IND", "B-VAL", "B-UNIT"]
    got = spans_from_tags(toks, tags)
    assert text[got[0].start:got[0].end] == "绩效管理和\n\n综合考评"


def test_training_end_to_end_on_a_small_slice(filing_text, tmp_path):
    from extraction.evaluating.gold import load_mentions

    mentions = load_mentions()
    texts, spans = [], []
    for prefix in ("001", "002"):
        name = next(n for n in mentions if n.startswith(prefix))
        text = filing_text(prefix)
        texts.append(text)
        spans.append(sorted({s for m in mentions[name] for s in m.spans()}))
    tagger = CRFTagger(max_iterations=40).fit(texts, spans)
    pred = tagger.predict(texts[0])
    assert pred and all(0.0 <= p.score <= 1.0 for p in pred)
    gold = set(spans[0])
    hits = sum((p.label, p.start, p.end) in gold for p in pred)
    assert hits / len(gold) > 0.8  # in-sample: the model must at least fit its training data
    # the confidence of spans the model did not draw (the rules'): its marginals, in [0, 1]
    conf = tagger.span_confidence(texts[0], spans[0][:50])
    assert len(conf) == 50 and all(0.0 <= c <= 1.0 for c in conf) and sum(conf) / 50 > 0.5
    wrong = [(("VAL" if lab == "IND" else "IND"), s, e) for lab, s, e in spans[0][:50]]
    assert sum(tagger.span_confidence(texts[0], wrong)) < sum(conf)
    path = tagger.save(tmp_path / "m.crfsuite")
    again = CRFTagger.load(path, **tagger.get_params()).predict(texts[0])
    assert again == pred


# --- issue 14: `train --gold DIR` validates first, refuses too little data, swaps the model whole --

def _model_copy(tmp_path):
    from .conftest import ROOT

    model = tmp_path / "model"
    shutil.copytree(MODEL_DIR, model)
    return model, {p.name: p.read_bytes() for p in model.iterdir()}


def _gold_dir(tmp_path, names):
    from .conftest import ROOT

    gold = tmp_path / "gold"
    gold.mkdir()
    for n in names:
        shutil.copy(ROOT / "annotations" / "gold" / f"{n}.json", gold)
    return gold


def _train(args, capsys):
    from extraction.cli import main

    rc = main(["train", "--no-lofo", *args])
    cap = capsys.readouterr()
    return rc, " ".join((cap.out + cap.err).split())


def test_train_refuses_one_filing_and_leaves_the_model(tmp_path, capsys):
    model, before = _model_copy(tmp_path)
    gold = _gold_dir(tmp_path, ["003_85fba57fb91dfa56"])
    rc, printed = _train(["--gold", str(gold), "--out", str(model)], capsys)
    assert rc == 2
    assert "1 filings with 80 mentions are too few" in printed and "unchanged" in printed
    assert {p.name: p.read_bytes() for p in model.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gold", "model"]      # no half-trained folder left


def test_train_validates_the_gold_first(tmp_path, capsys):
    model, before = _model_copy(tmp_path)
    gold = _gold_dir(tmp_path, ["000_5a514e3628d3866e", "003_85fba57fb91dfa56"])
    path = gold / "003_85fba57fb91dfa56.json"
    tasks = json.loads(path.read_text(encoding="utf-8"))
    col = next(r for r in tasks[0]["annotations"][0]["result"] if r.get("from_name") == "column")
    col["value"]["choices"] = ["forecast"]
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    rc, printed = _train(["--gold", str(gold), "--out", str(model)], capsys)
    assert rc == 2
    assert "003_85fba57fb91dfa56.txt: VAL" in printed and "column 'forecast'" in printed
    assert {p.name: p.read_bytes() for p in model.iterdir()} == before


def test_train_swaps_in_a_model_that_records_its_gold(tmp_path, capsys):
    model, before = _model_copy(tmp_path)
    gold = _gold_dir(tmp_path, ["000_5a514e3628d3866e", "003_85fba57fb91dfa56"])
    rc, printed = _train(["--gold", str(gold), "--out", str(model), "--max-iterations", "20"], capsys)
    assert rc == 0, printed
    # the calibration (fitted by the cross-validation, not by training) is kept
    assert sorted(p.name for p in model.iterdir()) == ["calibration.json", "cells.crfsuite", "judge.json", "meta.json",
                                                        "model.crfsuite", "statements.crfsuite"]
    assert (model / "calibration.json").read_bytes() == before["calibration.json"]
    assert (model / "cells.crfsuite").read_bytes() != before["cells.crfsuite"]
    assert (model / "model.crfsuite").read_bytes() != before["model.crfsuite"]
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert meta["gold"] == {"dir": str(gold), "files": ["000_5a514e3628d3866e.json", "003_85fba57fb91dfa56.json"],
                            "filings": "annotations/filings", "mentions": 51 + 80}  # inside the checkout: relative
    assert meta["trained_on"] == ["000_5a514e3628d3866e.txt", "003_85fba57fb91dfa56.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gold", "model"]


def test_a_page_without_line_breaks_is_tagged_in_bounded_windows():
    # one line of 60,000 characters (a page whose line breaks were lost) is cut at sentence ends
    # into windows of at most MAX_WINDOW characters, which together cover the whole line
    from extraction.labeling.windows import MAX_WINDOW, windows

    sentence = "培训合格率达到90%以上，参训人数不少于200人。"
    text = sentence * (60_000 // len(sentence))
    ws = windows(text)
    assert len(ws) >= 3 and all(w.end - w.start <= MAX_WINDOW for w in ws)
    assert ws[0].start == 0 and ws[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(ws, ws[1:]))
    assert all(text[w.end - 1] == "。" for w in ws[:-1])  # cut where a sentence ends
