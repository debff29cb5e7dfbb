"""Every notebook under notebooks/ runs top to bottom (a copy, in a temp folder, so nothing is
written into the repository), and the committed notebooks carry their outputs."""
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from extraction.exploring.runner import NOTEBOOKS, execute, main, notebook_paths

PATHS = notebook_paths()


def test_there_are_notebooks():
    names = [p.name for p in PATHS]
    assert "01_indicator_language.ipynb" in names and "03_targets_vs_actuals.ipynb" in names
    assert "04_review.ipynb" in names


@pytest.mark.integration
@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs_top_to_bottom(path, tmp_path):
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    before = sorted(p.relative_to(NOTEBOOKS.parent) for p in NOTEBOOKS.parent.glob("notebooks/**/*"))
    nb = execute(copy, cwd=tmp_path)  # raises CellExecutionError naming the cell if one fails
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "a notebook of findings shows plots"
    after = sorted(p.relative_to(NOTEBOOKS.parent) for p in NOTEBOOKS.parent.glob("notebooks/**/*"))
    assert after == before


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_committed_notebook_has_its_outputs(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code), "run `make notebooks` and commit"
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), "outputs come from one run top to bottom"
    assert any("image/png" in o.get("data", {}) for c in code for o in c.outputs)


@pytest.mark.integration
def test_a_failing_cell_fails_the_run(tmp_path, capsys):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"),
                                         nbformat.v4.new_code_cell("1 / 0")])
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        execute(path)
    assert main([str(path)]) == 1
    assert "broken.ipynb: a cell failed" in capsys.readouterr().err
    # the runner never writes a notebook whose run failed
    assert nbformat.read(path, as_version=4).cells[0].execution_count is None


@pytest.mark.integration
def test_runner_writes_outputs_back(tmp_path, capsys):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('满意度', 6 * 7)")])
    path = tmp_path / "ok.ipynb"
    nbformat.write(nb, path)
    assert main([str(path)]) == 0
    cell = nbformat.read(path, as_version=4).cells[0]
    assert cell.execution_count == 1 and cell.outputs[0]["text"] == "满意度 42\n"
    assert not list(tmp_path.glob(".*.tmp"))
    assert "ok.ipynb: executed in" in capsys.readouterr().out
