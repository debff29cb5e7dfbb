"""The library finds its model and the project's data without ``parents[N]`` paths: the model is
package data (or the folder BUDGET_INDICATORS_MODEL names), the annotations live under a configurable
project root (BUDGET_INDICATORS_ROOT, default the checkout)."""
import shutil
import subprocess
import sys
from pathlib import Path

from extraction.evaluating.corpora import corpora
from extraction.evaluating.gold import filings_dir_default, gold_dir_default, load_mentions
from extraction.labeling import model_dir
from extraction.project import project_root

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_are_the_checkout_and_the_package_data():
    assert project_root() == ROOT
    assert gold_dir_default() == ROOT / "annotations" / "gold"
    assert model_dir() == ROOT / "extraction" / "models" / "crf"


def test_a_configured_project_root_moves_gold_and_filings(tmp_path, monkeypatch):
    name = "001_af77a365bec559de"
    (tmp_path / "annotations" / "gold").mkdir(parents=True)
    (tmp_path / "annotations" / "filings").mkdir()
    shutil.copy(ROOT / "annotations" / "gold" / f"{name}.json", tmp_path / "annotations" / "gold")
    shutil.copy(ROOT / "annotations" / "filings" / f"{name}.txt", tmp_path / "annotations" / "filings")
    monkeypatch.setenv("BUDGET_INDICATORS_ROOT", str(tmp_path))
    assert filings_dir_default() == tmp_path / "annotations" / "filings"
    assert corpora()["dev"].gold == tmp_path / "annotations" / "gold" / "dev"
    mentions = load_mentions()
    assert list(mentions) == [f"{name}.txt"]
    # the README's first example record: 培训党员数量 >=5000人 in 001
    assert any(m.value == 5000 and m.unit == "人" and m.op == ">=" for m in mentions[f"{name}.txt"])


def test_an_installed_copy_of_the_package_finds_its_model(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT / "extraction", site / "extraction",
                    ignore=shutil.ignore_patterns("__pycache__"))
    code = ("from extraction import extract; from extraction.labeling import model_dir; "
            "print(model_dir()); "
            "print(len(extract('产出目标\\t数量\\t培训党员数量\\t>=5000人\\n', mode='model')))")
    res = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    where, n = res.stdout.split()
    assert Path(where) == site / "extraction" / "models" / "crf"
    assert int(n) >= 1
