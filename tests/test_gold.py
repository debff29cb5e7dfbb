"""The gold set: valid as committed, round-trips through Label Studio JSON, and the validator
catches deliberately broken entries."""
import copy
import json
from collections import Counter

import pytest

from extraction.evaluating.gold import load_mentions, load_records, load_tasks, mentions_to_task, task_to_mentions
from extraction.evaluating.validate import validate

from .conftest import FILINGS


@pytest.fixture(scope="module")
def tasks():
    return load_tasks()


def test_gold_covers_all_five_filings(tasks):
    docs = {t["data"]["doc"] for t in tasks}
    assert docs == {p.name for p in FILINGS.glob("*.txt")}
    counts = Counter(r.doc for r in load_records())
    assert all(n > 40 for n in counts.values())


def test_gold_is_valid(tasks):
    assert validate(tasks) == []


def test_gold_records_pass_the_contract(tmp_path):
    import subprocess
    import sys

    from .conftest import CHECKER

    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in load_records()), encoding="utf-8")
    res = subprocess.run([sys.executable, str(CHECKER), str(path), "--filings", str(FILINGS)], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout


def test_committed_gold_records_file_matches_tasks():
    from .conftest import ROOT

    lines = (ROOT / "annotations" / "gold" / "gold_records.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(x)["start"] for x in lines) == sorted(r.start for r in load_records())


def test_round_trip(tasks):
    for t in tasks:
        ms = task_to_mentions(t)
        again = task_to_mentions(mentions_to_task(t["data"]["doc"], t["data"]["text"], ms))
        assert again == ms


def _broken(tasks, mutate):
    t = copy.deepcopy(tasks[0])
    mutate(t["annotations"][0]["result"], t)
    return validate([t])


def _first(result, label):
    return next(r for r in result if r["type"] == "labels" and r["value"]["labels"] == [label])


BREAKS = {
    "out of range": lambda res, t: _first(res, "VAL")["value"].update(end=10 ** 7),
    "text differs": lambda res, t: _first(res, "VAL")["value"].update(text="不对"),
    "white space": lambda res, t: _first(res, "IND")["value"].update(
        start=_first(res, "IND")["value"]["start"] - 1,
        text=t["data"]["text"][_first(res, "IND")["value"]["start"] - 1:_first(res, "IND")["value"]["end"]]),
    "unknown label": lambda res, t: _first(res, "UNIT")["value"].update(labels=["NUM"]),
    "no IND link": lambda res, t: res.remove(next(r for r in res if r["type"] == "relation" and r["labels"] == ["ind"])),
    "column": lambda res, t: next(r for r in res if r["from_name"] == "column")["value"].update(choices=["forecast"]),
    "overlap": lambda res, t: res.append({**copy.deepcopy(_first(res, "VAL")), "id": "dup"}),
    "not allow": lambda res, t: res.append({"id": _first(res, "VAL")["id"], "from_name": "colour", "to_name": "text",
                                            "type": "textarea", "value": {"text": ["red"]}}),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_validator_catches(tasks, name):
    problems = _broken(tasks, BREAKS[name])
    assert problems, name


def test_values_and_qualitative_exclusive(tasks):
    for ms in load_mentions().values():
        for m in ms:
            assert (m.value is None) != (m.qualitative is None)


def test_agreement_scores_a_changed_second_annotation(tmp_path):
    # the dev corpus's double annotation of 005, then the same with one value read differently
    import json
    import shutil

    from extraction.evaluating.agreement import agreement
    from extraction.evaluating.corpora import corpora

    dev = corpora()["dev"]
    name = "005_henan_danganguan_2021_pifu.mentions.jsonl"
    second = tmp_path / "iaa"
    second.mkdir()
    shutil.copy(dev.work.parent / "iaa" / name, second / name)
    strict, relaxed = agreement(dev.work, second, dev.filings)
    n = strict["overall"].prf.tp + strict["overall"].prf.fn
    assert n == 9 and strict["overall"].prf.f1 == 1.0
    rows = [json.loads(line) for line in (second / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    numeric = next(r for r in rows if r["value"] is not None)
    numeric["value"] += 1
    (second / name).write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    strict, relaxed = agreement(dev.work, second, dev.filings)
    assert strict["overall"].prf.tp == 8 and relaxed["overall"].prf.tp == 8


def test_gold_build_refuses_to_undo_a_pulled_correction(tmp_path, capsys):
    """A correction pulled into the gold (UNIT 批次 -> 批) that the authoring file does not hold:
    `gold build` names the file and the mention it would lose, writes nothing, and only
    --overwrite discards it."""
    import shutil
    from dataclasses import replace

    from extraction.evaluating.authoring import GoldConflict, build_gold
    from extraction.output import write_json

    doc = "000_5a514e3628d3866e.txt"
    filings, work, gold = tmp_path / "filings", tmp_path / "work", tmp_path / "gold"
    filings.mkdir(), work.mkdir()
    shutil.copy(FILINGS / doc, filings / doc)
    shutil.copy(FILINGS.parent / "work" / "000_5a514e3628d3866e.mentions.jsonl", work)
    assert build_gold(work, gold, filings) == {doc: 51}
    text = (filings / doc).read_text(encoding="utf-8")
    ms = load_mentions(gold)[doc]
    i, m = next((i, m) for i, m in enumerate(ms) if m.units and m.units[0][1] - m.units[0][0] == 2)
    (us, ue), = m.units
    corrected = replace(m, units=[(us, ue - 1)], unit=text[us:ue - 1])
    ms[i] = corrected
    write_json(gold / "000_5a514e3628d3866e.json", [mentions_to_task(doc, text, ms, task_id=1)])
    before = (gold / "000_5a514e3628d3866e.json").read_bytes()
    with pytest.raises(GoldConflict) as err:
        build_gold(work, gold, filings)
    msg = str(err.value)
    assert "000_5a514e3628d3866e.json: 1 mentions of the gold are not in the authoring files" in msg
    assert f"gold only: {text[m.ind[0]:m.ind[1]]!r}" in msg and f"at {m.val[0]}" in msg
    assert (gold / "000_5a514e3628d3866e.json").read_bytes() == before
    build_gold(work, gold, filings, overwrite=True)
    assert corrected not in load_mentions(gold)[doc] and m in load_mentions(gold)[doc]


def test_gold_build_of_the_project_changes_nothing():
    """The committed gold is what its authoring files give (a build would undo nothing)."""
    from extraction.evaluating.authoring import _conflict, read_authoring
    from extraction.evaluating.corpora import select

    for c in select("all"):
        for f in sorted(c.filings.glob("*.txt")):
            parts = sorted(c.work.glob(f"{f.stem}*.mentions.jsonl"))
            if parts:
                ms = sorted((m for p in parts for m in read_authoring(p, f.name)), key=lambda m: m.val)
                assert _conflict(c.gold / f"{f.stem}.json", f.read_text(encoding="utf-8"), ms) is None, f.name
