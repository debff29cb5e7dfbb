"""Which tasks an annotator should see first: the ones the model is least sure of."""
from __future__ import annotations

from typing import Any

from .tasks import region_scores


def uncertainty_key(task: dict[str, Any]) -> tuple:
    """Sort key of a task: lowest region confidence first, then lowest mean, then the most regions
    (more to check per task); tasks without predicted regions go last, in file order."""
    preds = task.get("predictions") or [{}]
    scores = region_scores(preds[0].get("result", []))
    data = task["data"]
    if not scores:
        return (1, 0.0, 0.0, 0, data["doc"], data["offset"])
    return (0, min(scores), sum(scores) / len(scores), -len(scores), data["doc"], data["offset"])


def order_tasks(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tasks sorted most useful first; each gets ``data.rank`` (1 = first) to show in Label Studio."""
    out = sorted(tasks, key=uncertainty_key)
    for i, t in enumerate(out, 1):
        t["data"]["rank"] = i
    return out
