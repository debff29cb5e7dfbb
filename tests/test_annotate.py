"""The annotation loop against a real Label Studio server (one per test session): push a filing
with predictions, annotate through the API as an annotator would, pull, and check the gold and the
change report; plus the one-line errors and the offline pieces (segments, order, offsets)."""
from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from extraction.annotating.client import connect
from extraction.annotating.ordering import order_tasks
from extraction.annotating.predict import model_version
from extraction.annotating.pull import compare, normalize_relations
from extraction.annotating.push import find_project, iter_tasks, plan
from extraction.annotating.tasks import from_ls, mention_extent, segments, shift, to_ls
from extraction.cli import main
from extraction.evaluating.gold import load_mentions, load_tasks, mentions_to_task, task_to_mentions
from extraction.evaluating.validate import task_problems, validate
from extraction.record import Record

from . import label_studio_server as lss
from .conftest import FILINGS, ROOT

DOC = "001_af77a365bec559de.txt"
GOLD_DOC = "003_85fba57fb91dfa56.txt"




def _labels(result):
    return [r for r in result if r.get("type") == "labels"]


def _seg_task(task, result):
    d = task["data"]
    return {"data": {"text": d["text"], "doc": d["doc"], "offset": d["offset"]}, "annotations": [{"result": result}]}


# --- the loop on the real server ------------------------------------------------------------------

def test_push_annotate_pull(ls_env, run_id, tmp_path, capsys):
    project = f"loop {run_id}"
    filings = tmp_path / "filings"
    filings.mkdir()
    shutil.copy(FILINGS / DOC, filings / DOC)
    text = (filings / DOC).read_text(encoding="utf-8")

    assert main(["annotate", "push", str(filings / DOC), "--project", project, "--mode", "rules", "--show", "5"]) == 0
    shown = capsys.readouterr().out
    assert "most useful first" in shown and "created" in shown

    conn = connect()
    proj = find_project(conn, project)
    tasks = sorted(iter_tasks(conn, proj["id"]), key=lambda t: t["id"])
    # imported most useful first, each task's text exactly the file's at its offset
    assert [t["data"]["rank"] for t in tasks] == list(range(1, len(tasks) + 1))
    for t in tasks:
        d = t["data"]
        assert text[d["offset"]:d["offset"] + len(d["text"])] == d["text"]
        assert t["predictions"][0]["model_version"].startswith("rules-")
    pred = {t["id"]: from_ls(t["predictions"][0]["result"], t["data"]["text"]) for t in tasks}
    # an annotator fixes whatever is invalid; to count edits exactly, edit only tasks whose
    # predictions are valid gold as they are
    valid = [t for t in tasks if not list(task_problems(_seg_task(t, pred[t["id"]]), text))]

    # task A (the most useful valid one): correct one IND (one character shorter), delete one UNIT
    a = next(t for t in valid if any(r["value"]["labels"] == ["UNIT"] for r in _labels(pred[t["id"]])))
    res_a = copy.deepcopy(pred[a["id"]])
    ind = next(r for r in _labels(res_a) if r["value"]["labels"] == ["IND"] and r["value"]["end"] - r["value"]["start"] >= 3
               and not a["data"]["text"][r["value"]["end"] - 2].isspace())
    ind["value"]["end"] -= 1
    ind["value"]["text"] = a["data"]["text"][ind["value"]["start"]:ind["value"]["end"]]
    corrected_text = ind["value"]["text"]
    unit = next(r for r in _labels(res_a) if r["value"]["labels"] == ["UNIT"])
    res_a = [r for r in res_a if r is not unit and r.get("to_id") != unit["id"]]

    # task T: add a gold mention the rules missed (no predicted region overlaps it)
    predicted = {(r["value"]["start"] + t["data"]["offset"], r["value"]["end"] + t["data"]["offset"])
                 for t in tasks for r in _labels(pred[t["id"]])}
    in_valid = lambda m: any(t["data"]["offset"] <= mention_extent(m)[0]  # noqa: E731
                             and mention_extent(m)[1] <= t["data"]["offset"] + len(t["data"]["text"]) for t in valid)
    missed = next((m for m in load_mentions()[DOC] if in_valid(m)
                   and not any(s < pe and ps < e for _, s, e in m.spans() for ps, pe in predicted)), None)
    assert missed is not None, "the rules find every gold mention of this filing; pick another edit"
    s, e = mention_extent(missed)
    t_add = next(t for t in valid if t["data"]["offset"] <= s and e <= t["data"]["offset"] + len(t["data"]["text"]))
    off = t_add["data"]["offset"]
    added = mentions_to_task(DOC, t_add["data"]["text"], [shift(missed, -off)])["annotations"][0]["result"]
    submitted = {a["id"]: res_a}
    base = submitted.get(t_add["id"], copy.deepcopy(pred[t_add["id"]]))
    submitted[t_add["id"]] = base + added
    # task B: accepted unchanged
    b = next(t for t in valid if t["id"] not in (a["id"], t_add["id"]))
    submitted[b["id"]] = copy.deepcopy(pred[b["id"]])
    for tid, result in submitted.items():
        task = next(t for t in tasks if t["id"] == tid)
        conn.call(conn.client.annotations.create, id=tid, result=to_ls(result, task["data"]["text"]), was_cancelled=False)
    # a skipped task does not count as annotated
    skipped = next(t for t in tasks if t["id"] not in submitted)
    conn.call(conn.client.annotations.create, id=skipped["id"], result=[], was_cancelled=True)

    out, report = tmp_path / "gold", tmp_path / "changes.md"
    rc = main(["annotate", "pull", "--project", project, "--out", str(out), "--filings", str(filings), "--report", str(report)])
    cap = capsys.readouterr()
    printed = cap.out
    assert rc == 0, cap.err
    assert f"{DOC}: {len(submitted)} of {len(tasks)} tasks annotated" in printed

    # the pulled gold equals what was submitted, in file offsets, and is valid gold
    pulled = load_tasks(out)
    assert validate(pulled, filings) == []
    want = sorted((m for tid, res in submitted.items() for m in task_to_mentions(_seg_task(next(t for t in tasks if t["id"] == tid), res))),
                  key=lambda m: m.val)
    got = sorted((m for t in pulled for m in task_to_mentions(t)), key=lambda m: m.val)
    assert got == want
    assert missed in got                                   # the added mention, at the gold offsets
    inds = {text[m.ind[0]:m.ind[1]] for m in got}
    assert corrected_text in inds
    for t in pulled:                                       # every region maps back to the file
        o = t["data"]["offset"]
        for r in _labels(t["annotations"][0]["result"]):
            assert text[r["value"]["start"] + o:r["value"]["end"] + o] == r["value"]["text"]
    records = [json.loads(x) for x in (out / "gold_records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(got) and all(text[r["start"]:r["end"]] == r["text"] for r in records)

    # the change report counts exactly the edits made
    n_pred = Counter(r["value"]["labels"][0] for tid in submitted for r in _labels(pred[tid]))
    n_add = Counter(lb for lb, _, _ in missed.spans())
    rows = {m.group(1): list(map(int, m.group(2).split(" | ")))
            for m in re.finditer(r"^\| (\w+) \| ([\d | ]+) \|$", report.read_text(encoding="utf-8"), re.M)}
    for lb in ("IND", "OP", "VAL", "UNIT"):
        corrected = 1 if lb == "IND" else 0
        deleted = 1 if lb == "UNIT" else 0
        predicted_n, accepted, corr, add, dele, final = rows[lb]
        assert (predicted_n, corr, add, dele) == (n_pred[lb], corrected, n_add[lb], deleted), lb
        assert accepted == n_pred[lb] - corrected - deleted
        assert final == accepted + corr + add
    # relations: the deleted UNIT's link is removed, the corrected IND keeps its link, the added
    # mention brings its own links
    n_rel = sum(1 for tid in submitted for r in pred[tid] if r.get("type") == "relation")
    n_new = 1 + len(missed.ops) + len(missed.units)
    assert f"relations kept {n_rel - 1}, added {n_new}, removed 1" in " ".join(printed.split())


def test_gold_pushed_and_pulled_unchanged_is_identical(ls_env, run_id, tmp_path, capsys):
    project = f"gold review {run_id}"
    gold_file = ROOT / "annotations" / "gold" / f"{Path(GOLD_DOC).stem}.json"
    assert main(["annotate", "push", str(FILINGS / GOLD_DOC), "--project", project, "--from-gold", str(gold_file)]) == 0
    conn = connect()
    proj = find_project(conn, project)
    tasks = list(iter_tasks(conn, proj["id"]))
    assert all(t["predictions"][0]["model_version"].startswith("gold-") for t in tasks)
    for t in tasks:   # the annotator accepts every pre-annotation as it is
        conn.call(conn.client.annotations.create, id=t["id"], result=t["predictions"][0]["result"], was_cancelled=False)
    out = tmp_path / "gold"
    assert main(["annotate", "pull", "--project", project, "--out", str(out), "--filings", str(FILINGS)]) == 0
    printed = capsys.readouterr().out
    assert (out / gold_file.name).read_bytes() == gold_file.read_bytes()
    committed = [x for x in (gold_file.parent / "gold_records.jsonl").read_text(encoding="utf-8").splitlines()
                 if json.loads(x)["doc"] == GOLD_DOC]
    assert (out / "gold_records.jsonl").read_text(encoding="utf-8").splitlines() == committed
    assert "(100.0%) are the model's, unchanged" in printed
    # pushing again adds nothing
    assert main(["annotate", "push", str(FILINGS / GOLD_DOC), "--project", project, "--from-gold", str(gold_file)]) == 0
    assert "0 tasks imported" in capsys.readouterr().out
    assert len(list(iter_tasks(conn, proj["id"]))) == len(tasks)


# --- errors: one line, no traceback ---------------------------------------------------------------

def _cli(args, env):
    import os

    full = {k: v for k, v in os.environ.items() if not k.startswith("LABEL_STUDIO_")}
    full.update(env)
    res = subprocess.run([sys.executable, "-m", "extraction", *args], capture_output=True, text=True, env=full,
                         cwd=ROOT, timeout=120)
    return res.returncode, res.stderr.strip(), res.stdout


@pytest.mark.parametrize("case", ["no key", "wrong key", "no server", "unknown project"])
def test_errors_are_one_line(server, case):
    env = {"LABEL_STUDIO_URL": server.url, "LABEL_STUDIO_API_KEY": server.token}
    args = ["annotate", "pull", "--project", "no such project", "--out", "unused"]
    expect = {"no key": "LABEL_STUDIO_API_KEY is not set", "wrong key": "rejected the API key",
              "no server": "cannot reach Label Studio at", "unknown project": "no Label Studio project named 'no such project'"}
    if case == "no key":
        del env["LABEL_STUDIO_API_KEY"]
    elif case == "wrong key":
        env["LABEL_STUDIO_API_KEY"] = "0" * 40
    elif case == "no server":
        env["LABEL_STUDIO_URL"] = f"http://127.0.0.1:{lss.free_port()}"
    rc, err, _ = _cli(args, env)
    assert rc == 2
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert expect[case] in err
    if case == "wrong key":   # push fails the same way, before any work
        rc, err, _ = _cli(["annotate", "push", str(FILINGS / DOC), "--project", "x"], env)
        assert rc == 2 and len(err.splitlines()) == 1 and expect[case] in err


# --- offline pieces -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted(FILINGS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_segments_hold_every_gold_mention_whole(path):
    text = path.read_text(encoding="utf-8")
    mentions = load_mentions()[path.name]
    segs = segments(text, [mention_extent(m) for m in mentions])
    assert all(a.end <= b.start for a, b in zip(segs, segs[1:]))          # disjoint, in order
    assert all(text[s.start:s.end] == text[s.start:s.end].strip() for s in segs)
    assert {s.kind for s in segs} == {"table", "paragraph"}
    for m in mentions:
        s, e = mention_extent(m)
        assert sum(seg.start <= s and e <= seg.end for seg in segs) == 1
    # nothing but white space is left out
    covered = set()
    for seg in segs:
        covered.update(range(seg.start, seg.end))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


def test_gold_plan_round_trips_offline():
    pl = plan([FILINGS / GOLD_DOC], "rules", ROOT / "annotations" / "gold")
    got = sorted((m for t in pl.tasks for m in task_to_mentions(_seg_task(t, from_ls(t["predictions"][0]["result"], t["data"]["text"])))),
                 key=lambda m: m.val)
    assert got == load_mentions()[GOLD_DOC]


def _record(start, scores):
    return Record(doc="d", project=None, level1=None, level2=None, indicator="x", op="=", value=1, unit=None,
                  qualitative=None, column="target", text="", start=start, end=start + 3, source="model",
                  spans=[("IND", start, start + 1), ("VAL", start + 2, start + 3)], extra={"span_scores": scores})


def test_order_puts_the_least_certain_task_first():
    from extraction.annotating.tasks import Segment, record_mentions, segment_result

    text = "a b\n\nc d\n\ne f\n\nplain"
    recs = [_record(0, [0.9, 0.95]), _record(5, [0.4, 0.99]), _record(10, [0.7, 0.7])]
    pairs = record_mentions(recs)
    mentions = [m for m, _ in pairs]
    scores = {k: v for _, sc in pairs for k, v in sc.items()}
    # one task per paragraph
    tasks = []
    for start in (0, 5, 10, 15):
        end = text.find("\n", start) if "\n" in text[start:] else len(text)
        seg = Segment("paragraph", start, end)
        tasks.append({"data": {"doc": "d", "offset": start, "text": text[start:end]},
                      "predictions": [{"result": segment_result("d", text, seg, mentions, scores)}]})
    ordered = order_tasks(tasks)
    assert [t["data"]["offset"] for t in ordered] == [5, 10, 0, 15]      # min 0.4, 0.7, 0.9, none
    assert [t["data"]["rank"] for t in ordered] == [1, 2, 3, 4]


def test_model_version_prefers_the_models_hash():
    assert model_version("model", [_record(0, [1, 1])]).startswith("model-")
    r = _record(0, [1, 1])
    r.extra["model_hash"] = "abcdef0123456789"
    assert model_version("combined", [r]) == "combined-abcdef01"


def test_offsets_beyond_the_bmp_convert_both_ways():
    text = "𠀀指标≥5人"   # one astral character: Label Studio (UTF-16) counts it twice
    result = [{"id": "v", "type": "labels", "value": {"start": 4, "end": 5, "text": "5", "labels": ["VAL"]}}]
    ls = to_ls(result, text)
    assert ls[0]["value"]["start"] == 5 and from_ls(ls, text) == result
    assert to_ls(result, "指标≥5人") == result


def test_compare_counts_each_kind():
    def reg(rid, lb, s, e):
        return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
                "value": {"start": s, "end": e, "text": "", "labels": [lb]}}
    pred = [reg("i1", "IND", 0, 4), reg("v1", "VAL", 5, 6), reg("u1", "UNIT", 6, 7), reg("i2", "IND", 10, 14),
            {"type": "relation", "from_id": "v1", "to_id": "i1", "labels": ["ind"]}]
    ann = [reg("i1", "IND", 0, 4), reg("v1", "VAL", 5, 6), reg("i2", "IND", 11, 14), reg("o9", "OP", 20, 21),
           {"type": "relation", "from_id": "v1", "to_id": "i1", "labels": ["ind"]}]
    ch = compare(pred, ann)
    assert ch.spans == Counter({("IND", "accepted"): 1, ("VAL", "accepted"): 1, ("IND", "corrected"): 1,
                                ("OP", "added"): 1, ("UNIT", "deleted"): 1})
    assert ch.relations == Counter(kept=1, added=0, removed=0)


def test_relations_drawn_backwards_or_unlabelled_are_normalized():
    def reg(rid, lb):
        return {"id": rid, "type": "labels", "value": {"start": 0, "end": 1, "labels": [lb]}}
    result = [reg("v", "VAL"), reg("i", "IND"), reg("u", "UNIT"),
              {"type": "relation", "from_id": "i", "to_id": "v", "direction": "right", "labels": []},
              {"type": "relation", "from_id": "v", "to_id": "u", "direction": "right"}]
    rels = [r for r in normalize_relations(result) if r["type"] == "relation"]
    assert [(r["from_id"], r["to_id"], r["labels"]) for r in rels] == [("v", "i", ["ind"]), ("v", "u", ["unit"])]
    assert result[3]["from_id"] == "i"   # the input is left as it was


def test_a_personal_access_token_works_too(server, request):
    """Label Studio's UI hands out personal access tokens (JWT refresh tokens), not legacy ones."""
    import urllib.error
    import urllib.request

    req = urllib.request.Request(f"{server.url}/api/token/", method="POST",
                                 headers={"Authorization": f"Token {server.token}"})
    key = f"budget-indicators/label-studio-pat/{server.url}"
    cache = getattr(request.config, "cache", None)   # None with -p no:cacheprovider
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            pat = json.load(resp)["token"]
        if cache is not None:
            cache.set(key, pat)
    except urllib.error.HTTPError as err:   # 409: one token per user; a rerun on a dev server reuses it
        pat = cache.get(key, None) if cache is not None else None
        assert err.code == 409 and pat, f"cannot create a personal access token: {err}"
    env = {"LABEL_STUDIO_URL": server.url, "LABEL_STUDIO_API_KEY": pat}
    rc, err, _ = _cli(["annotate", "pull", "--project", "no such project", "--out", "unused"], env)
    assert rc == 2 and "no Label Studio project named" in err      # past authentication


# --- issue 14: the loop's defects, each on the real server --------------------------------------

def _push_mentions(project, doc, mentions, tmp_path):
    """Push ``doc`` with ``mentions`` as the predictions; the project's tasks."""
    text = (FILINGS / doc).read_text(encoding="utf-8")
    pred = tmp_path / "predictions.json"
    pred.write_text(json.dumps([mentions_to_task(doc, text, mentions)], ensure_ascii=False), encoding="utf-8")
    assert main(["annotate", "push", str(FILINGS / doc), "--project", project, "--from-gold", str(pred)]) == 0
    conn = connect()
    return conn, list(iter_tasks(conn, find_project(conn, project)["id"]))


def _task_at(tasks, pos):
    return next(t for t in tasks if t["data"]["offset"] <= pos < t["data"]["offset"] + len(t["data"]["text"]))


def _region(result, label, start, end):
    return next(r for r in result if r.get("type") == "labels" and r["value"]["labels"] == [label]
                and (r["value"]["start"], r["value"]["end"]) == (start, end))


def _submit(conn, task, result):
    conn.call(conn.client.annotations.create, id=task["id"], result=to_ls(result, task["data"]["text"]), was_cancelled=False)


def _pull(project, out, capsys):
    rc = main(["annotate", "pull", "--project", project, "--out", str(out), "--filings", str(FILINGS)])
    cap = capsys.readouterr()
    return rc, " ".join((cap.out + cap.err).split())


def _mention(doc, ind, val):
    text = (FILINGS / doc).read_text(encoding="utf-8")
    return next(m for m in load_mentions()[doc] if text[m.ind[0]:m.ind[1]] == ind and text[m.val[0]:m.val[1]] == val)


def test_a_val_relabelled_as_unit_is_carried_through(ls_env, run_id, tmp_path, capsys):
    """The extractor took the 人 of 培训党员数量 ≥5000人 for a second value; the annotator turns that
    VAL into a UNIT in the UI (Label Studio keeps the region's VAL attributes and its ind relation),
    links it from the real VAL and types the unit."""
    from dataclasses import replace

    from extraction.evaluating.gold import GoldMention

    project = f"relabel {run_id}"
    m = _mention(DOC, "培训党员数量", "5000")
    (us, ue), = m.units
    wrong = [replace(m, units=[], unit=None),
             GoldMention(doc=DOC, ind=m.ind, val=(us, ue), column="target", op="=", qualitative="人")]
    conn, tasks = _push_mentions(project, DOC, wrong, tmp_path)
    task = _task_at(tasks, m.val[0])
    off = task["data"]["offset"]
    result = from_ls(task["predictions"][0]["result"], task["data"]["text"])
    was_val = _region(result, "VAL", us - off, ue - off)
    was_val["value"]["labels"] = ["UNIT"]
    val = _region(result, "VAL", m.val[0] - off, m.val[1] - off)
    result.append({"type": "relation", "from_id": val["id"], "to_id": was_val["id"], "direction": "right", "labels": ["unit"]})
    result.append({"id": val["id"], "from_name": "unit", "to_name": "text", "type": "textarea",
                   "value": {"start": val["value"]["start"], "end": val["value"]["end"], "text": ["人"]}})
    _submit(conn, task, result)

    out = tmp_path / "gold"
    rc, printed = _pull(project, out, capsys)
    assert rc == 0, printed
    assert load_mentions(out)[DOC] == [m]
    # what pull dropped is named by filing, text and offset, never by Label Studio's region id
    assert f"{DOC}: UNIT '人' at {us}" in printed
    assert was_val["id"] not in printed


def test_a_span_linked_to_no_val_is_reported(ls_env, run_id, tmp_path, capsys):
    """The annotator deletes a predicted VAL but leaves its IND, OP and UNIT drawn: those spans would
    vanish from the gold, so pull names them and writes nothing for the filing."""
    project = f"orphans {run_id}"
    m = _mention(DOC, "培训党员数量", "5000")
    conn, tasks = _push_mentions(project, DOC, [m], tmp_path)
    task = _task_at(tasks, m.val[0])
    off = task["data"]["offset"]
    result = from_ls(task["predictions"][0]["result"], task["data"]["text"])
    vid = _region(result, "VAL", m.val[0] - off, m.val[1] - off)["id"]
    result = [r for r in result if r.get("id") != vid and r.get("from_id") != vid]
    _submit(conn, task, result)

    out = tmp_path / "gold"
    rc, printed = _pull(project, out, capsys)
    assert rc == 1
    assert f"{DOC}: IND '培训党员数量' at {m.ind[0]} is linked to no VAL" in printed
    (us, _), = m.units
    assert f"{DOC}: UNIT '人' at {us} is linked to no VAL" in printed
    assert not (out / f"{Path(DOC).stem}.json").exists()


def test_the_unit_follows_an_edited_unit_span(ls_env, run_id, tmp_path, capsys):
    """The prediction took 批 for the unit of 举行3批次; the annotator widens the UNIT span to 批次 and
    leaves the VAL's attributes alone: the gold's unit is 批次, not the stale 批."""
    from dataclasses import replace

    doc = "002_be7d0c6e3af37247.txt"
    project = f"unit span {run_id}"
    m = _mention(doc, "非公党建和非公企业培训", "3")
    assert m.unit == "批次"
    (us, ue), = m.units
    conn, tasks = _push_mentions(project, doc, [replace(m, units=[(us, us + 1)], unit="批")], tmp_path)
    task = _task_at(tasks, m.val[0])
    off = task["data"]["offset"]
    result = from_ls(task["predictions"][0]["result"], task["data"]["text"])
    unit = _region(result, "UNIT", us - off, us + 1 - off)
    unit["value"]["end"] = ue - off
    unit["value"]["text"] = task["data"]["text"][us - off:ue - off]
    _submit(conn, task, result)

    out = tmp_path / "gold"
    rc, printed = _pull(project, out, capsys)
    assert rc == 0, printed
    assert load_mentions(out)[doc] == [m]


def test_the_validator_catches_a_unit_that_does_not_follow_its_span():
    from dataclasses import replace

    doc = "002_be7d0c6e3af37247.txt"
    text = (FILINGS / doc).read_text(encoding="utf-8")
    m = _mention(doc, "非公党建和非公企业培训", "3")
    (us, _), = m.units
    assert list(task_problems(mentions_to_task(doc, text, [m]), text)) == []
    probs = list(task_problems(mentions_to_task(doc, text, [replace(m, unit="批")]), text))
    assert probs == [f"{doc}: VAL '3' at {m.val[0]}: unit '批' does not follow its UNIT span '批次' at {us} (reads '批次')"]


def test_a_partial_pull_keeps_the_finished_gold(ls_env, run_id, tmp_path, capsys):
    """The gold of 001 is finished; the filing is pushed for review and one task is annotated (one
    VAL's column changed). Pull merges that task into the gold and keeps the rest."""
    project = f"partial {run_id}"
    gold_file = ROOT / "annotations" / "gold" / f"{Path(DOC).stem}.json"
    out = tmp_path / "gold"
    out.mkdir()
    shutil.copy(gold_file, out / gold_file.name)
    assert main(["annotate", "push", str(FILINGS / DOC), "--project", project, "--from-gold", str(gold_file)]) == 0
    conn = connect()
    tasks = list(iter_tasks(conn, find_project(conn, project)["id"]))
    gold = load_mentions()[DOC]
    m = _mention(DOC, "培训党员数量", "5000")
    task = _task_at(tasks, m.val[0])
    off, n = task["data"]["offset"], len(task["data"]["text"])
    result = from_ls(task["predictions"][0]["result"], task["data"]["text"])
    vid = _region(result, "VAL", m.val[0] - off, m.val[1] - off)["id"]
    col = next(r for r in result if r.get("id") == vid and r.get("from_name") == "column")
    col["value"]["choices"] = ["actual"]
    _submit(conn, task, result)

    rc, printed = _pull(project, out, capsys)
    assert rc == 0, printed
    pulled = load_tasks(out)
    assert len(pulled) == 1 and pulled[0]["data"]["offset"] == 0      # still the whole filing

    from dataclasses import replace
    want = [replace(x, column="actual") if x == m else x for x in gold]
    assert task_to_mentions(pulled[0]) == want
    kept = sum(1 for x in gold if not off <= mention_extent(x)[0] < off + n)
    assert f"{DOC}: kept {kept} mentions of the existing gold in {len(tasks) - 1} tasks not annotated" in printed
    records = (out / "gold_records.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(records) == len(gold)


def test_the_labeling_view(ls_env, run_id):
    """The project shows the guidelines as its instructions, labels with hotkeys, every VAL
    attribute named, and a task list ordered by rank with the rank and confidence columns shown."""
    import xml.etree.ElementTree as ET

    project = f"view {run_id}"
    assert main(["annotate", "push", str(FILINGS / GOLD_DOC), "--project", project, "--mode", "rules", "--show", "1"]) == 0
    conn = connect()
    pid = find_project(conn, project)["id"]
    proj = conn.raw("GET", f"api/projects/{pid}/")
    assert proj["show_instruction"] is True
    # how to label first, then the decisions; not the gold set's history
    guide = proj["expert_instruction"]
    assert guide.startswith("<h1>How to label a task</h1>")
    assert "D1  Table IND" in guide and "How the gold set was made" not in guide
    root = ET.fromstring(proj["label_config"])
    keys = {lb.get("value"): lb.get("hotkey") for lb in root.iter("Label")}
    assert set(keys) == {"IND", "OP", "VAL", "UNIT"}
    # none of Label Studio's own single keys (u unselects a region; letters pick tools)
    taken = {"u", "b", "e", "h", "k", "m", "o", "p", "r", "v", "w", "[", "]"}
    assert not taken & {k.lower() for k in keys.values()} and len(set(keys.values())) == 4
    # each per-VAL attribute comes after a header that starts with its name
    val_view = next(v for v in root.iter("View") if v.get("whenLabelValue") == "VAL")
    kids = list(val_view)
    for i, el in enumerate(kids):
        if el.get("perRegion") == "true":
            assert kids[i - 1].tag == "Header" and kids[i - 1].get("value").startswith(el.get("name") + ":"), el.get("name")
    views = conn.raw("GET", "api/dm/views/", params={"project": pid})
    view = next(v["data"] for v in views if v["data"].get("title") == "most useful first")
    assert view["ordering"] == ["tasks:data.rank"]
    for col in ("tasks:data.rank", "tasks:data.min_score", "tasks:predictions_score", "tasks:data.doc"):
        assert col not in view["hiddenColumns"]["explore"]
    # the wide bookkeeping columns that pushed rank and confidence off-screen are hidden
    for col in ("tasks:created_at", "tasks:updated_at", "tasks:annotators"):
        assert col in view["hiddenColumns"]["explore"]
    # the VAL form stands beside the text, not below it
    text_box = next(v for v in root.iter("View") if any(c.tag == "Text" for c in v))
    row = next(v for v in root.iter("View") if text_box in list(v))
    assert "display: flex" in row.get("style", "") and val_view in list(row.iter("View"))
    # pushing again keeps one such view
    assert main(["annotate", "push", str(FILINGS / GOLD_DOC), "--project", project, "--mode", "rules", "--show", "1"]) == 0
    views = conn.raw("GET", "api/dm/views/", params={"project": pid})
    assert sum(v["data"].get("title") == "most useful first" for v in views) == 1


def test_roundtrip_brings_authoring_gold_through_the_loop(ls_env, run_id, tmp_path, capsys):
    """`annotate roundtrip` on filing 003 with its gold typed as an authoring file: the pulled
    gold is that gold, valid, and the change report's counts add up against the predictions."""
    filings, work, out = tmp_path / "filings", tmp_path / "work", tmp_path / "out"
    filings.mkdir()
    work.mkdir()
    shutil.copy(FILINGS / GOLD_DOC, filings / GOLD_DOC)
    gold = load_mentions()[GOLD_DOC]
    rows = [{"ind": list(m.ind), "val": list(m.val), "ops": [list(s) for s in m.ops], "units": [list(s) for s in m.units],
             "column": m.column, "op": m.op, "value": m.value, "unit_norm": m.unit, "qualitative": m.qualitative,
             "project": m.project, "level1": m.level1, "level2": m.level2} for m in gold]
    (work / f"{Path(GOLD_DOC).stem}.mentions.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    rc = main(["annotate", "roundtrip", "--filings", str(filings), "--work", str(work), "--out", str(out),
               "--project", f"roundtrip {run_id}", "--mode", "rules"])
    printed = " ".join(capsys.readouterr().out.split())
    assert rc == 0, printed
    assert "pulled gold equals the authoring gold; 0 validator problems" in printed
    assert load_mentions(out)[GOLD_DOC] == gold
    assert validate(load_tasks(out), filings) == []
    report = (out / "CHANGES.md").read_text(encoding="utf-8")
    row = re.search(rf"^\| {re.escape(GOLD_DOC)} \| ([\d | ]+) \| \d+% \|$", report, re.M)
    predicted, accepted, corrected, added, deleted, final = map(int, row.group(1).split(" | "))
    assert final == len({s for m in gold for s in m.spans()})
    assert accepted + corrected + deleted == predicted and accepted + corrected + added == final
    assert predicted > 0 and "extractor mode `rules` at commit" in report
    # a second round trip into the same project is refused: it must start clean
    rc = main(["annotate", "roundtrip", "--filings", str(filings), "--work", str(work), "--out", str(out),
               "--project", f"roundtrip {run_id}", "--mode", "rules"])
    assert rc == 2 and "exists already" in capsys.readouterr().err


# --- issue 24: the loop's second round ------------------------------------------------------------

def test_second_round_push_after_retrain_keeps_the_corrections(ls_env, run_id, tmp_path, capsys, monkeypatch):
    """Push, annotate (the gold with one correction), pull, train a model on the pulled gold, push
    into the same project again with the new model (the same filing and a new one), pull again: the
    push works although the model version changed, and the person's correction is still there."""
    from dataclasses import replace

    from extraction.annotating.roundtrip import submit_gold
    from extraction.labeling import ENV_VAR

    project = f"second round {run_id}"
    assert main(["annotate", "push", str(FILINGS / GOLD_DOC), "--project", project, "--mode", "rules", "--show", "1"]) == 0
    conn = connect()
    pid = find_project(conn, project)["id"]
    gold = load_mentions()[GOLD_DOC]
    fixed = replace(gold[0], level2="复核后的二级指标")
    submit_gold(conn, pid, {GOLD_DOC: [fixed, *gold[1:]]})
    out = tmp_path / "gold"
    rc, printed = _pull(project, out, capsys)
    assert rc == 0, printed
    assert fixed in load_mentions(out)[GOLD_DOC]
    assert "gold files changed (003_85fba57fb91dfa56.json): retrain" in printed

    # retrain on the pulled gold (and one more filing, the least a model is trained on)
    shutil.copy(ROOT / "annotations" / "gold" / "000_5a514e3628d3866e.json", out)
    model = tmp_path / "model"
    assert main(["train", "--gold", str(out), "--filings", str(FILINGS), "--out", str(model), "--no-lofo"]) == 0
    printed = " ".join(capsys.readouterr().out.split())
    assert "training on" in printed and "2 filings of" in printed
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    # folders inside the checkout are recorded relative to it: meta.json does not change with the machine
    assert meta["gold"]["filings"] == "annotations/filings"
    # training again on the same gold says it would change nothing and leaves the model as it is
    before = (model / "meta.json").read_bytes()
    assert main(["train", "--gold", str(out), "--filings", str(FILINGS), "--out", str(model), "--no-lofo"]) == 0
    assert "retraining would change nothing" in " ".join(capsys.readouterr().out.split())
    assert (model / "meta.json").read_bytes() == before

    # second round: the new model pre-annotates into the existing project
    monkeypatch.setenv(ENV_VAR, str(model))
    version = f"model-{meta['data_hash'][:8]}"
    assert main(["annotate", "push", str(FILINGS / GOLD_DOC), "--project", project, "--mode", "model", "--show", "1"]) == 0
    assert main(["annotate", "push", str(FILINGS / DOC), "--project", project, "--mode", "model", "--show", "1"]) == 0
    printed = " ".join(capsys.readouterr().out.split())
    assert f"tasks imported with predictions {version!r}" in printed
    assert conn.raw("GET", f"api/projects/{pid}/")["model_version"] == version
    new_tasks = [t for t in iter_tasks(conn, pid) if t["data"]["doc"] == DOC]
    assert new_tasks and all(t["predictions"][0]["model_version"] == version for t in new_tasks)

    rc, printed = _pull(project, out, capsys)
    assert rc == 0, printed
    assert fixed in load_mentions(out)[GOLD_DOC]
    assert "the pulled gold is what was there already: it gives a retrain nothing new" in printed


def test_a_wrong_model_path_is_an_error_not_the_rules(ls_env, run_id, tmp_path, capsys, monkeypatch):
    from extraction.labeling import ENV_VAR

    monkeypatch.setenv(ENV_VAR, str(tmp_path / "no-model-here"))
    rc = main(["annotate", "push", str(FILINGS / DOC), "--project", f"wrong model {run_id}", "--dry-run"])
    err = " ".join(capsys.readouterr().err.split())
    assert rc == 2 and f"{ENV_VAR}={tmp_path / 'no-model-here'} names no trained model" in err
    assert find_project(connect(), f"wrong model {run_id}") is None


def test_the_servers_explanation_is_in_the_error():
    from extraction.annotating.client import _detail

    body = {"id": "x", "status_code": 400, "detail": "Validation error",
            "validation_errors": {"model_version": ["Model version doesn't exist either as live model or as static predictions."]}}
    assert _detail(body) == ("Validation error: model_version: Model version doesn't exist either as live model "
                             "or as static predictions.")


def test_a_refused_filing_is_not_counted_and_the_report_says_so(ls_env, run_id, tmp_path, capsys):
    """One task of a filing is annotated with a span linked to no VAL, another one well: the filing
    is refused whole, so neither task counts among the changes, and the report names the refusal."""
    project = f"refused {run_id}"
    gold = load_mentions()[DOC]
    conn, tasks = _push_mentions(project, DOC, gold, tmp_path)
    with_vals = [t for t in tasks if any(r.get("type") == "labels" and r["value"]["labels"] == ["VAL"]
                                         for r in t["predictions"][0]["result"])]
    good, bad = with_vals[0], with_vals[-1]
    assert good["id"] != bad["id"]
    _submit(conn, good, from_ls(good["predictions"][0]["result"], good["data"]["text"]))
    result = from_ls(bad["predictions"][0]["result"], bad["data"]["text"])
    val = next(r for r in result if r.get("type") == "labels" and r["value"]["labels"] == ["VAL"])
    result = [r for r in result if r.get("id") != val["id"] and r.get("from_id") != val["id"]]
    _submit(conn, bad, result)
    report = tmp_path / "changes.md"
    rc = main(["annotate", "pull", "--project", project, "--out", str(tmp_path / "gold"), "--filings", str(FILINGS),
               "--report", str(report)])
    printed = " ".join(" ".join(capsys.readouterr()).split())
    assert rc == 1 and f"refused {DOC}" in printed
    md = report.read_text(encoding="utf-8")
    assert "| all | 0 | 0 | 0 | 0 | 0 | 0 |" in md
    assert f"## Refused (not written, not counted above)" in md and f"- {DOC}: {DOC}:" in md
