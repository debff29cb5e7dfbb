# The two commands of the README. Both set up .venv first (pinned versions from pyproject.toml).
.PHONY: setup run test test-fast evaluate gold notebooks

setup:
	bash scripts/setup.sh

# Extract the sample filings into out/records.jsonl and print the per-filing summary.
run: setup
	.venv/bin/python -m extraction extract annotations/filings --output out/records.jsonl
	.venv/bin/python -m extraction evaluate --pred out/records.jsonl --report out/evaluation.md

# The whole test suite (.ci/run calls exactly this).
test: setup
	.venv/bin/python -m pytest -q

# Everything but the integration tests (the Label Studio server, executing the notebooks, OCR
# runs), on two processes (pytest-xdist; CI and the developers' machines have 2 cores).
test-fast: setup
	.venv/bin/python -m pytest -q -m "not integration" -n 2 --dist loadfile

gold:
	.venv/bin/python -m extraction gold build

# Execute every notebook under notebooks/ and write it back with its outputs (commit the result).
notebooks: setup
	.venv/bin/python scripts/run_notebooks.py
