"""What a value's UNIT spans say as a normalised unit: the gold validator's check that a VAL's
``unit`` attribute follows its UNIT spans (an edited span must not leave a stale unit)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .. import resources

_LATEX_ESCAPE = re.compile(r"\\(?=[%$&#_{}])")


@lru_cache(maxsize=None)
def _aliases() -> dict[str, str]:
    return {r[0]: r[1] for r in resources.table("unit_aliases.tsv")}


def split_unit(surface: str) -> tuple[float, str | None]:
    """(magnitude factor, normalised unit) of the text of a value's UNIT spans.

    ``万元`` -> (10000, ``元``); a unit word that starts with a magnitude character and whose rest
    is no unit stays whole (``百分点``); aliases (``百分比`` -> ``%``) and LaTeX escapes (``\\%``)
    are read as the unit they write.
    """
    unit = unicodedata.normalize("NFKC", _LATEX_ESCAPE.sub("", re.sub(r"\s+", "", surface)))
    aliases, known, mags = _aliases(), set(resources.units()), resources.magnitudes()
    factor = 1.0
    while unit and unit[0] in mags and unit not in aliases and (unit not in known or unit[1:] in known):
        factor *= mags[unit[0]]
        unit = unit[1:]
    return factor, aliases.get(unit, unit) or None
