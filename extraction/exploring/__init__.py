"""Library code of the exploration notebooks (notebooks/*.ipynb): records as pandas DataFrames,
segmentation of indicator names, targets against actuals, and a plotting helper that draws Chinese.

The notebooks hold only the exploration; everything they compute is here and tested."""
from .compare import OUTCOMES, pair_columns, target_vs_base, targets_vs_actuals
from .frames import (extracted_frame, filing_info, gold_frame, oddities, pct_bands, records_frame)
from .names import head_class, head_word, name_heads, segment

__all__ = ["OUTCOMES", "pair_columns", "target_vs_base", "targets_vs_actuals", "extracted_frame", "filing_info", "gold_frame", "oddities",
           "pct_bands", "records_frame", "head_class", "head_word", "name_heads", "segment"]
