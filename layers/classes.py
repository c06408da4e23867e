"""Map classes: mapclassify bins of the values, or an indicator's official thresholds, with colours and labels.

Official thresholds are fixed classes: the same bounds and colours in every period and area, open at both ends
("≤ 90", "> 99,5"), empty classes kept (count 0). The other schemes follow the data.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import mapclassify
import numpy as np
from branca.utilities import color_brewer

from .numbers import format_number

# Scheme names as permalinks spell them. Natural breaks are Fisher-Jenks: optimal and deterministic (mapclassify's
# NaturalBreaks starts from a random sample, so the same permalink could draw different maps).
METHODS = {
    "quantiles": mapclassify.Quantiles,
    "natural": mapclassify.FisherJenks,
    "equal": mapclassify.EqualInterval,
}
OFFICIAL = "official"
SCHEMES = (*METHODS, OFFICIAL)
JENKS_SAMPLE = 500  # Fisher-Jenks is quadratic: beyond this many values, classify evenly spaced quantiles of them
NO_DATA_COLOUR = "#d9d9d9"
CHANGE_PALETTE = "RdYlGn"


@dataclass(frozen=True)
class ClassBreaks:
    """Class i holds lower < value <= upper_bounds[i] (the first class also holds its lower bound); the last bound
    may be +inf (an open class). ``labels`` are printed in the language asked for; missing values are no data."""

    lower_bound: float
    upper_bounds: tuple[float, ...]
    colours: tuple[str, ...]
    labels: tuple[str, ...]
    method: str = "quantiles"
    no_data_colour: str = NO_DATA_COLOUR

    def __post_init__(self) -> None:
        if not (len(self.upper_bounds) == len(self.colours) == len(self.labels)):
            raise ValueError("ClassBreaks needs one colour and one label per upper bound")
        if list(self.upper_bounds) != sorted(self.upper_bounds):
            raise ValueError("ClassBreaks upper bounds must ascend")

    def class_index(self, values) -> np.ndarray:
        """Class of each value (0 … k-1); -1 for missing values (and for every value when there is no class)."""
        values = np.asarray(values, dtype=float)
        if not self.upper_bounds:
            return np.full(values.shape, -1)
        index = np.searchsorted(np.asarray(self.upper_bounds, dtype=float), values, side="left")
        index = np.minimum(index, len(self.upper_bounds) - 1)
        return np.where(np.isnan(values), -1, index)

    def counts(self, values) -> tuple[list[int], int]:
        """Units per class (empty classes count 0) and units without data."""
        return self.tally(self.class_index(values))

    def tally(self, index) -> tuple[list[int], int]:
        """Units per class and units without data, from class indexes (-1: no data)."""
        index = np.asarray(index, dtype=int)
        per_class = np.bincount(index[index >= 0], minlength=len(self.upper_bounds))
        return [int(n) for n in per_class], int((index < 0).sum())


def classify(values, *, method: str = "quantiles", k: int = 5, palette: str = "YlGnBu", reverse: bool = False,
             thresholds: tuple[float, ...] | None = None, language: str = "vi", decimals: int = 1) -> ClassBreaks:
    """Classes of the values: ``method`` is one of SCHEMES; ``reverse`` flips the ramp (lower-is-better values).
    Data-driven schemes give fewer than k classes when the values do not support k distinct ones."""
    values = np.asarray(values, dtype=float)
    present = values[~np.isnan(values)]
    number = lambda x: format_number(x, language, decimals)  # noqa: E731
    if method == OFFICIAL:
        if not thresholds:
            raise ValueError("official classes need the indicator's thresholds")
        bounds = sorted(float(t) for t in thresholds)
        labels = [f"≤ {number(bounds[0])}", *(f"{number(a)} – {number(b)}" for a, b in zip(bounds, bounds[1:])),
                  f"> {number(bounds[-1])}"]
        return _breaks(-math.inf, [*bounds, math.inf], labels, palette, reverse, method)
    if present.size == 0:
        return ClassBreaks(lower_bound=math.nan, upper_bounds=(), colours=(), labels=(), method=method)
    k = max(1, min(k, np.unique(present).size))
    sample = present
    if method == "natural" and present.size > JENKS_SAMPLE:  # deterministic, unlike FisherJenksSampled
        sample = np.quantile(present, np.linspace(0, 1, JENKS_SAMPLE))
    with warnings.catch_warnings():  # mapclassify warns when ties reduce the number of classes
        warnings.simplefilter("ignore")
        bins = np.unique(METHODS[method](sample, k=k).bins) if k > 1 else np.array([present.max()])
    return _data_breaks(float(present.min()), bins, palette, reverse, method, number)


def classify_change(change, *, direction: int, language: str = "vi", decimals: int = 1) -> ClassBreaks:
    """Five diverging classes centred on zero: improvement green, decline red, whatever the indicator's direction."""
    change = np.asarray(change, dtype=float)
    present = change[~np.isnan(change)]
    if present.size == 0:
        return ClassBreaks(lower_bound=math.nan, upper_bounds=(), colours=(), labels=(), method="change")
    extent = float(np.abs(present).max()) or 1.0
    step = extent / 2.5
    bins = np.array([-1.5 * step, -0.5 * step, 0.5 * step, 1.5 * step, extent])
    return _data_breaks(-extent, bins, CHANGE_PALETTE, direction < 0, "change",
                        lambda x: format_number(x, language, decimals))


def _data_breaks(lower: float, bins: np.ndarray, palette: str, reverse: bool, method: str, number) -> ClassBreaks:
    edges = [min(lower, float(bins[0])), *map(float, bins)]
    labels = [f"{number(a)} – {number(b)}" for a, b in zip(edges[:-1], edges[1:])]
    return _breaks(edges[0], edges[1:], labels, palette, reverse, method)


def _breaks(lower: float, bounds: list[float], labels: list[str], palette: str, reverse: bool,
            method: str) -> ClassBreaks:
    colours = colour_ramp(palette, len(bounds))
    return ClassBreaks(lower_bound=lower, upper_bounds=tuple(bounds), colours=colours[::-1] if reverse else colours,
                       labels=tuple(labels), method=method)


def colour_ramp(palette: str, n: int) -> tuple[str, ...]:
    """n colours of a ColorBrewer ramp (branca offers at least 3; take the ends and middle for fewer)."""
    colours = color_brewer(palette, max(n, 3))
    return tuple(colours[i] for i in np.linspace(0, len(colours) - 1, n).round().astype(int))
