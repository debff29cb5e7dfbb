"""docs/annotation.md runs as written: every ```bash block not marked ``<!-- docs-test: skip -->``
is executed, line by line, in a copy of the project (two sample filings and the dev2 corpus with
their gold, so `train` takes seconds) against the real Label Studio server of the test session."""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.integration

DOC = ROOT / "docs" / "annotation.md"
BLOCK = re.compile(r"(<!-- docs-test: skip -->\s*)?```bash\n(.*?)```", re.S)
SAMPLES = ("000_5a514e3628d3866e", "001_af77a365bec559de", "003_85fba57fb91dfa56")


def blocks() -> list[tuple[bool, str]]:
    """(run it, commands) per bash block of the page."""
    return [(not m.group(1), m.group(2)) for m in BLOCK.finditer(DOC.read_text(encoding="utf-8"))]


def test_every_block_is_run_or_says_why_not():
    found = blocks()
    assert sum(run for run, _ in found) >= 5
    skipped = [cmds for run, cmds in found if not run]
    # only starting the server and setting your own key are left to the reader
    assert len(skipped) == 2 and "start_label_studio.sh" in skipped[0] and "LABEL_STUDIO_API_KEY" in skipped[1]


def _project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for sub in ("filings", "gold", "work"):
        (root / "annotations" / sub).mkdir(parents=True)
    a = ROOT / "annotations"
    for name in ("labeling_config.xml", "GUIDELINES.md", "INSTRUCTIONS.md"):
        shutil.copy(a / name, root / "annotations" / name)
    for stem in SAMPLES:
        shutil.copy(a / "filings" / f"{stem}.txt", root / "annotations" / "filings")
        shutil.copy(a / "gold" / f"{stem}.json", root / "annotations" / "gold")
        for p in (a / "work").glob(f"{stem}*"):
            shutil.copy(p, root / "annotations" / "work")
    for sub in ("filings", "gold", "work"):
        shutil.copytree(a / sub / "dev2", root / "annotations" / sub / "dev2")
    for link in (".venv", ".venv-ls", "scripts"):
        (root / link).symlink_to(ROOT / link)
    return root


def test_the_walk_through_runs_as_written(ls_env, tmp_path):
    root = _project_copy(tmp_path)
    model = tmp_path / "model"
    shutil.copytree(ROOT / "extraction" / "models" / "crf", model)
    env = {**os.environ, "BUDGET_INDICATORS_ROOT": str(root), "BUDGET_INDICATORS_MODEL": str(model)}
    ran = []
    for run, cmds in blocks():
        if not run:
            continue
        for line in cmds.replace("\\\n", " ").splitlines():
            if not line.strip():
                continue
            proc = subprocess.run(shlex.split(line), cwd=root, env=env, capture_output=True, text=True, timeout=900)
            assert proc.returncode == 0, f"{line}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
            ran.append((line, proc.stdout))
    said = {line.split(" -m extraction ")[1].split()[0] + " " + line.split(" -m extraction ")[1].split()[1]: out
            for line, out in ran}
    assert "tasks imported with predictions" in said["annotate push"]
    assert "no submitted annotations yet" in said["annotate pull"]
    assert "training on" in said["train --no-lofo"] and (model / "meta.json").is_file()
    assert "pulled gold equals the authoring gold" in " ".join(said["annotate roundtrip"].split())
    assert (root / "out" / "roundtrip-dev2" / "CHANGES.md").is_file()
    assert (root / "out" / "evaluation.md").is_file()
    # the walk-through wrote into the copy, never into the checkout's gold or model
    assert not (ROOT / "out" / "roundtrip-dev2").exists()
