"""Decision 766 scores from summed base measures: per group, points × rate of each sub-indicator.

A group is computed only where every sub-indicator has inputs; elsewhere the published group score is used;
the total is the sum of the five groups, missing when any group is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .catalogue import Group, Index766, SubIndicator


def _summed(frame: pd.DataFrame, names: tuple[str, ...]) -> pd.Series:
    present = [n for n in names if n in frame.columns]
    if not present:
        return pd.Series(np.nan, index=frame.index)
    return frame[present].sum(axis=1, min_count=1)


def sub_scores(frame: pd.DataFrame, sub: SubIndicator) -> tuple[pd.Series, pd.Series]:
    """(rate in [0, 1], points earned) per row; NaN where the inputs are missing."""
    numerator, denominator = _summed(frame, sub.numerator), _summed(frame, sub.denominator)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = (numerator / denominator.where(denominator > 0)).clip(0, 1)
    if sub.invert:
        rate = 1 - rate
    if sub.empty_scores_full:
        rate = rate.where(~(denominator == 0), 1.0)
    return rate, rate * sub.points


def group_scores(frame: pd.DataFrame, group: Group) -> pd.Series:
    computed = pd.concat([sub_scores(frame, s)[1] for s in group.subs], axis=1)
    return computed.sum(axis=1).where(computed.notna().all(axis=1))


def index766_frame(additive: pd.DataFrame, published: pd.DataFrame, index: Index766) -> pd.DataFrame:
    """Columns group_<id> (score), source_<id> ('computed'/'published') and total, indexed like ``additive``.

    ``additive`` holds the summed measures per unit; ``published`` the unit's own i766_<group> scores.
    """
    out = pd.DataFrame(index=additive.index.union(published.index))
    additive = additive.reindex(out.index)
    published = published.reindex(out.index)
    for group in index.groups:
        computed = group_scores(additive, group)
        given = published.get(f"i766_{group.id}", pd.Series(np.nan, index=out.index))
        # A published score is the official one: it wins over a computation from local inputs.
        out[f"group_{group.id}"] = given.where(given.notna(), computed)
        out[f"source_{group.id}"] = np.where(given.notna(), "published",
                                             np.where(computed.notna(), "computed", None))
    groups = out[[f"group_{g.id}" for g in index.groups]]
    out["total"] = groups.sum(axis=1).where(groups.notna().all(axis=1))
    return out
