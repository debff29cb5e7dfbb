"""Model families behind one tagger interface and a registry: the cell, CRF and spaCy families implement
all of it, and a family defined here, in the test, is trained, saved, found by the registry and used
by the extractor, the evaluations and the CLI with no other code change."""
import json
import re
from pathlib import Path

import pytest

from extraction.labeling import default_tagger
from extraction.labeling.registry import Tagger, factory, families, family, register_family
from extraction.mention import Span
from extraction.pipeline import run
from extraction.reading import Document

# a real excerpt of filing 001 (its table rows, tab-separated)
EXCERPT = "产出目标\t数量\t培训党员数量\t>=5000人\n产出目标\t质量\t培训合格率\t>=95%\n"


class Memo:
    """A toy family: remembers the surface strings of the gold spans and tags their occurrences."""

    def __init__(self, *, min_chars: int = 1):
        self.min_chars = min_chars
        self.words: dict[str, str] = {}

    def get_params(self):
        return {"min_chars": self.min_chars}

    def fit(self, texts, spans):
        for text, sp in zip(texts, spans):
            for label, s, e in sp:
                if e - s >= self.min_chars:
                    self.words[text[s:e]] = label
        return self

    def predict(self, text, skip=(), select=None, *, context=None):
        out, taken = [], set()
        for w in sorted(self.words, key=len, reverse=True):
            for m in re.finditer(re.escape(w), text):
                if not taken & set(range(m.start(), m.end())):
                    taken |= set(range(m.start(), m.end()))
                    out.append(Span(self.words[w], m.start(), m.end()))
        return sorted(out, key=lambda s: s.start)

    def tag_tokens(self, text, *, context=None):
        return [([(s.start, s.end)], [f"B-{s.label}"]) for s in self.predict(text)]

    def predict_marginals(self, text, *, context=None):
        return [(t, [{tag: 1.0} for tag in tags]) for t, tags in self.tag_tokens(text)]

    def span_confidence(self, text, spans, *, context=None):
        found = {s.as_tuple() for s in self.predict(text)}
        return [1.0 if tuple(s) in found else 0.0 for s in spans]

    def save(self, path):
        Path(path).mkdir(parents=True, exist_ok=True)
        (Path(path) / "memo.json").write_text(json.dumps(self.words, ensure_ascii=False), encoding="utf-8")
        return Path(path)

    @classmethod
    def load(cls, path, **params):
        self = cls(**params)
        self.words = json.loads((Path(path) / "memo.json").read_text(encoding="utf-8"))
        return self


def _gold_of_excerpt():
    spans = []
    for label, word in (("IND", "培训党员数量"), ("OP", ">="), ("VAL", "5000"), ("UNIT", "人"),
                        ("IND", "培训合格率"), ("VAL", "95"), ("UNIT", "%")):
        s = EXCERPT.index(word)
        spans.append((label, s, s + len(word)))
    return spans


def test_shipped_families_implement_the_whole_interface():
    assert families()[0] == "cells" and {"crf", "spacy"} <= set(families())
    for name in ("cells", "crf", "spacy"):
        assert isinstance(family(name)(), Tagger)
    assert isinstance(default_tagger(), Tagger)


def test_a_family_with_a_missing_method_is_refused():
    class Half:
        def fit(self, texts, spans):
            return self

    with pytest.raises(TypeError, match="lacks predict"):
        register_family("half")(Half)
    assert "half" not in families()


def test_a_toy_family_registered_here_is_used_by_registry_extractor_and_cli(tmp_path, monkeypatch):
    register_family("memo")(Memo)
    assert "memo" in families()
    tagger = factory("memo")().fit([EXCERPT], [_gold_of_excerpt()])
    folder = tagger.save(tmp_path / "memo")
    (folder / "meta.json").write_text(json.dumps({"family": "memo", "params": {"min_chars": 1}}), encoding="utf-8")
    # the model folder is found through the configured path, and read by the family it names
    monkeypatch.setenv("BUDGET_INDICATORS_MODEL", str(folder))
    assert isinstance(default_tagger(), Memo)
    recs = run(Document("x.txt", EXCERPT), "model").records
    assert [(r.indicator, r.op, r.value, r.unit) for r in recs] == [("培训党员数量", ">=", 5000, "人"),
                                                                 ("培训合格率", ">=", 95, "%")]
    from extraction.cli import build_parser
    from extraction.evaluating.lofo import _families

    assert "memo" in _families()
    assert build_parser().parse_args(["evaluate", "--lofo", "--family", "memo"]).family == ["memo"]


def test_spacy_family_predicts_scores_and_survives_save_and_load(filing_text, tmp_path):
    from extraction.evaluating.lofo import Corpus

    corpus = Corpus.load()
    name = corpus.names[1]  # 001, tab-separated rows
    tagger = factory("spacy", epochs=8)().fit([corpus.texts[name]], [sorted(corpus.spans[name])])
    text = EXCERPT
    pred = tagger.predict(text)
    assert pred and {s.label for s in pred} <= {"IND", "OP", "VAL", "UNIT"}
    conf = tagger.span_confidence(text, [s.as_tuple() for s in pred])
    assert conf == [1.0] * len(pred)          # the tags it chose are its own spans
    assert tagger.span_confidence(text, [("IND", 0, 4)]) == [0.0]   # 产出目标 is a level, not a name
    (toks, tags), *_ = tagger.tag_tokens(text)
    assert len(toks) == len(tags) and "\t" not in [text[a:b] for a, b in toks]
    again = family("spacy").load(tagger.save(tmp_path / "sp"), epochs=8)
    assert again.predict(text) == pred
