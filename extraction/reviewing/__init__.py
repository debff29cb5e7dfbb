"""Review commands for auditors (``python -m extraction review completion|lint``): does each actual meet
its target, and are the targets well set. Usable from Python:

>>> from extraction.reviewing import load_inputs, completion, completion_rates, lint
>>> inputs = load_inputs(["annotations/filings/004_1ffb94c558d09361.txt"])  # doctest: +SKIP
>>> table = completion(inputs); findings = lint(inputs)                     # doctest: +SKIP
"""
from .completion import COLUMNS, completion, completion_rates
from .judging import OUTCOMES, judge, verdict
from .lint import FINDING_COLUMNS, lint, rules, rules_frame
from .pairing import pair_columns
from .records import Inputs, level2_kind, load_inputs, records_table

__all__ = ["COLUMNS", "FINDING_COLUMNS", "OUTCOMES", "Inputs", "completion", "completion_rates", "judge", "level2_kind",
           "lint", "load_inputs", "pair_columns", "records_table", "rules", "rules_frame", "verdict"]
