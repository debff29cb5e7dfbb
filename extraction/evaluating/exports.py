"""Gold set exports for training: a spaCy ``DocBin`` (spans in ``doc.spans["sc"]``) and a Hugging
Face ``datasets.Dataset`` (one row per filing: text, tokens, BIO tags, spans, records)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..tokenizing import make_nlp
from .gold import load_mentions
from .corpora import gold_sources
from ..output import atomic_path


@dataclass
class Export:
    docs: list = field(default_factory=list)
    misaligned: list[tuple[str, str, int, int, str]] = field(default_factory=list)


def _gold(gold_dir=None, filings=None) -> dict[str, tuple[Path, list]]:
    """filing -> (its path, its gold mentions): of ``gold_dir`` / ``filings``, or by default of
    every annotated corpus (samples and dev)."""

    sources = gold_sources(gold_dir, filings)
    return {name: (Path(f) / name, ms) for g, f in sources for name, ms in load_mentions(g).items()}


def gold_docs(gold_dir=None, filings=None) -> Export:
    """spaCy Docs of the gold filings with their spans; spans not on token boundaries are reported."""
    nlp = make_nlp()
    out = Export()
    for name, (path, mentions) in sorted(_gold(gold_dir, filings).items()):
        text = path.read_text(encoding="utf-8")
        doc = nlp(text)
        doc.user_data["doc_name"] = name
        spans = []
        for label, s, e in sorted({sp for m in mentions for sp in m.spans()}, key=lambda x: (x[1], x[2])):
            span = doc.char_span(s, e, label=label, alignment_mode="strict")
            if span is None:
                out.misaligned.append((name, label, s, e, text[s:e]))
            else:
                spans.append(span)
        doc.spans["sc"] = spans
        out.docs.append(doc)
    return out


def to_docbin(export: Export, path: str | Path):
    """Write the Docs as a DocBin file (atomically) and return it."""
    from spacy.tokens import DocBin


    db = DocBin(store_user_data=True, docs=export.docs)
    with atomic_path(path) as tmp:
        db.to_disk(tmp)
    return db


def bio_tags(doc) -> list[str]:
    tags = ["O"] * len(doc)
    for span in doc.spans["sc"]:
        if any(t != "O" for t in tags[span.start:span.end]):
            continue
        tags[span.start] = f"B-{span.label_}"
        for i in range(span.start + 1, span.end):
            tags[i] = f"I-{span.label_}"
    return tags


def to_dataset(export: Export, gold_dir=None, filings=None):
    """A ``datasets.Dataset`` with one row per filing."""
    from datasets import Dataset

    mentions = {name: ms for name, (_, ms) in _gold(gold_dir, filings).items()}
    rows = {"doc": [], "text": [], "tokens": [], "tags": [], "spans": [], "records": []}
    for doc in export.docs:
        name = doc.user_data["doc_name"]
        rows["doc"].append(name)
        rows["text"].append(doc.text)
        rows["tokens"].append([t.text for t in doc])
        rows["tags"].append(bio_tags(doc))
        rows["spans"].append([{"label": lab, "start": s, "end": e}
                              for lab, s, e in sorted({sp for m in mentions[name] for sp in m.spans()}, key=lambda x: (x[1], x[2]))])
        rows["records"].append([{k: v for k, v in m.to_record(doc.text).to_dict(with_spans=False).items()
                                 if k in ("indicator", "op", "unit", "qualitative", "column", "start", "end")}
                                | {"value": None if m.value is None else float(m.value)}
                                for m in mentions[name]])
    return Dataset.from_dict(rows)
