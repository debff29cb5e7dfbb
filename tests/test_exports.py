"""DocBin and datasets exports of the gold set load back equal to the source."""
import pytest

from extraction.evaluating.exports import bio_tags, gold_docs, to_dataset, to_docbin
from extraction.evaluating.corpora import select
from extraction.evaluating.gold import load_mentions


@pytest.fixture(scope="module")
def export():
    return gold_docs()


def test_spans_aligned_or_reported(export):
    # every annotated corpus: the five samples, the 33 dev and the 17 dev2 filings
    gold = {(d, *s) for c in select("all") for d, ms in load_mentions(c.gold).items() for m in ms for s in m.spans()}
    assert len({d for d, *_ in gold}) == 52  # 032 (dev), 005 and 006 (dev2) hold no mention
    exported = {(doc.user_data["doc_name"], sp.label_, sp.start_char, sp.end_char) for doc in export.docs for sp in doc.spans["sc"]}
    reported = {(d, lab, s, e) for d, lab, s, e, _ in export.misaligned}
    assert exported | reported == gold and not exported & reported


def test_docbin_round_trip(export, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    to_docbin(export, tmp_path / "gold.spacy")
    nlp = spacy.blank("zh")
    back = list(DocBin().from_disk(tmp_path / "gold.spacy").get_docs(nlp.vocab))
    assert [d.text for d in back] == [d.text for d in export.docs]
    for a, b in zip(back, export.docs):
        assert [(s.label_, s.start_char, s.end_char) for s in a.spans["sc"]] == \
               [(s.label_, s.start_char, s.end_char) for s in b.spans["sc"]]


def test_dataset_round_trip(export, tmp_path):
    from datasets import load_from_disk

    ds = to_dataset(export)
    ds.save_to_disk(str(tmp_path / "ds"))
    back = load_from_disk(str(tmp_path / "ds"))
    assert back.to_list() == ds.to_list()
    row = back[0]
    assert len(row["tokens"]) == len(row["tags"])
    assert row["tags"] == bio_tags(export.docs[0])
    assert {t[2:] for t in row["tags"] if t != "O"} <= {"IND", "OP", "VAL", "UNIT"}
    for sp in row["spans"][:20]:
        assert row["text"][sp["start"]:sp["end"]].strip()
