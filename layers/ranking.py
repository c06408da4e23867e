"""The one rank rule of every output: 1 = best by the indicator's direction, ties share the best rank.

An indicator with no direction (a count of dossiers received, a plan in VND) is ranked by size, largest first, and
says so (``RANK_ORDER``): its rank is a position, not a verdict.
"""

from __future__ import annotations

import pandas as pd

RANK_ORDER = {1: "higher_is_better", -1: "lower_is_better", 0: "largest_first"}


def rank(values: pd.Series, direction: int) -> pd.Series:
    """Ranks (Int64, missing where the value is) of the values as printed; see the module's rule."""
    return values.rank(method="min", ascending=direction < 0, na_option="keep").astype("Int64")
