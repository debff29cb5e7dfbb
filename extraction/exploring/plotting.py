"""Plotting helper: matplotlib with a font that draws Chinese, and a few plots the notebooks share.

``use_cjk_font()`` picks the first installed family listed in resources/exploring/cjk_fonts.txt
(scripts/setup.sh installs WenQuanYi Micro Hei where none is) and makes it matplotlib's default, so
labels such as 满意度 do not come out as empty boxes."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import matplotlib
import pandas as pd
from matplotlib import font_manager

from .. import resources
from ..resources import table


class NoCJKFontError(RuntimeError):
    """No font that draws Chinese is installed."""


def _installed() -> set[str]:
    return {f.name for f in font_manager.fontManager.ttflist}


@lru_cache(maxsize=None)
def cjk_font(families: tuple[str, ...] | None = None) -> str:
    """The family name of an installed CJK font: the first of ``families`` (by default
    resources/exploring/cjk_fonts.txt) that matplotlib knows. Raises NoCJKFontError if none is."""
    wanted = list(families) if families is not None else font_preference()
    found = next((w for w in wanted if w in _installed()), None)
    if found is None:
        # matplotlib caches its font list; a font installed after the cache was built is not in it
        known = {f.fname for f in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        found = next((w for w in wanted if w in _installed()), None)
    if found is None:
        raise NoCJKFontError("no CJK font installed (looked for " + ", ".join(wanted[:4]) + " ...); "
                             "run scripts/setup.sh or: apt-get install fonts-wqy-microhei")
    return found


def font_preference() -> list[str]:
    """The CJK font families to look for, in order (resources/exploring/cjk_fonts.txt)."""
    return [r[0] for r in table("exploring/cjk_fonts.txt")]


def use_cjk_font() -> str:
    """Make an installed CJK font matplotlib's default sans-serif font; returns its family name."""
    name = cjk_font()
    rc = matplotlib.rcParams
    rc["font.family"] = "sans-serif"
    rc["font.sans-serif"] = [name] + [f for f in rc["font.sans-serif"] if f != name]
    rc["axes.unicode_minus"] = False  # the CJK font has no U+2212 minus sign
    return name


def barh(counts: pd.Series, *, title: str, xlabel: str | None = None, ax: Any = None, top: int | None = None,
         annotate: bool = True):
    """A horizontal bar chart of ``counts`` (largest on top); returns the axes."""
    import matplotlib.pyplot as plt

    use_cjk_font()
    s = counts.sort_values(ascending=False)
    if top:
        s = s.head(top)
    s = s.iloc[::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, max(2.0, 0.32 * len(s) + 1)))
    labels = [str(i) for i in s.index]
    ax.barh(labels, s.to_numpy(), color="#4C72B0")
    if annotate:
        for y, v in enumerate(s.to_numpy()):
            ax.text(v, y, f" {v:g}", va="center", fontsize=8)
    ax.set_title(title)
    ax.set_xlabel(resources.labels()["record_count"] if xlabel is None else xlabel)
    ax.margins(x=0.12)
    return ax


def heatmap(table: pd.DataFrame, *, title: str, ax: Any = None, cmap: str = "Blues", fmt: str = "{:g}",
            xlabel: str | None = None, ylabel: str | None = None):
    """A table of numbers (a crosstab, a confusion matrix) as a coloured grid with the numbers
    written in; returns the axes."""
    import matplotlib.pyplot as plt

    use_cjk_font()
    if ax is None:
        _, ax = plt.subplots(figsize=(1.0 + 0.7 * table.shape[1], 1.0 + 0.45 * table.shape[0]))
    data = table.to_numpy(dtype=float)
    im = ax.imshow(data, cmap=cmap, aspect="auto")
    cols = [str(c) for c in table.columns]
    long = max((len(c) for c in cols), default=0) > 3  # short labels (operators) read best upright
    ax.set_xticks(range(table.shape[1]), cols, rotation=45 if long else 0, ha="right" if long else "center")
    ax.set_yticks(range(table.shape[0]), [str(i) for i in table.index])
    hi = data.max() if data.size else 0
    for (i, j), v in pd.DataFrame(data).stack().items():
        if v == v and v != 0:  # NaN and zero cells stay blank
            ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=8,
                    color="white" if hi and v > 0.6 * hi else "black")
    ax.set_title(title)
    ax.set_xlabel(xlabel if xlabel is not None else (table.columns.name or ""))
    ax.set_ylabel(ylabel if ylabel is not None else (table.index.name or ""))
    ax.figure.colorbar(im, ax=ax, fraction=0.04)
    return ax
