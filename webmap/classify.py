"""Class breaks for a choropleth: mapclassify bins, ColorBrewer colours, printable labels."""

from __future__ import annotations

import warnings

import mapclassify
import numpy as np
from branca.utilities import color_brewer

from .number_format import format_number
from .views import ClassBreaks

# Permalink names of the schemes. Natural breaks are Fisher-Jenks: optimal and deterministic (mapclassify's
# NaturalBreaks starts from a random sample, so the same permalink could draw different maps).
METHODS = {
    "quantiles": mapclassify.Quantiles,
    "natural": mapclassify.FisherJenks,
    "equal": mapclassify.EqualInterval,
}
OFFICIAL = "official"
JENKS_SAMPLE = 500  # Fisher-Jenks is quadratic: beyond this many values, classify evenly spaced quantiles of them


def classify(values, *, k: int = 5, method: str = "quantiles", scheme: str = "YlGnBu", reverse: bool = False,
             thresholds: tuple[float, ...] | None = None, language: str = "vi", decimals: int = 1) -> ClassBreaks:
    """Breaks for the non-missing values; fewer than k classes when the values do not support k distinct ones.

    ``method="official"`` uses ``thresholds`` (the indicator's published class limits) as upper bounds, plus the
    data maximum when it lies above the last one. ``reverse`` flips the colour ramp (for lower-is-better values).
    """
    values = np.asarray(values, dtype=float)
    present = values[~np.isnan(values)]
    if present.size == 0:
        return ClassBreaks(lower_bound=np.nan, upper_bounds=(), colours=(), labels=(), method=method)
    lower = float(present.min())
    if method == OFFICIAL:
        if not thresholds:
            raise ValueError("official classes need the indicator's thresholds")
        bins = np.array(sorted(thresholds), dtype=float)
        if present.max() > bins[-1]:
            bins = np.append(bins, present.max())
    else:
        k = max(1, min(k, np.unique(present).size))
        sample = present
        if method == "natural" and present.size > JENKS_SAMPLE:  # deterministic, unlike FisherJenksSampled
            sample = np.quantile(present, np.linspace(0, 1, JENKS_SAMPLE))
        with warnings.catch_warnings():  # mapclassify warns when ties reduce the number of classes
            warnings.simplefilter("ignore")
            bins = np.unique(METHODS[method](sample, k=k).bins) if k > 1 else np.array([present.max()])
    colours = _colours(scheme, len(bins))
    if reverse:
        colours = colours[::-1]
    edges = [min(lower, float(bins[0])), *bins]
    number = lambda x: format_number(x, language, decimals)  # noqa: E731
    labels = [f"{number(a)} – {number(b)}" for a, b in zip(edges[:-1], edges[1:])]
    if method == OFFICIAL:  # published limits: open-ended first and last classes read "up to" and "above"
        labels[0] = f"≤ {number(bins[0])}"
        if len(bins) > len(thresholds):
            labels[-1] = f"> {number(bins[-2])}"
    labels = tuple(labels)
    return ClassBreaks(lower_bound=edges[0], upper_bounds=tuple(float(b) for b in bins), colours=colours,
                       labels=labels, method=method)


def _colours(scheme: str, n: int) -> tuple[str, ...]:
    """n colours of a ColorBrewer scheme (branca offers at least 3; take the ends and middle for fewer)."""
    palette = color_brewer(scheme, max(n, 3))
    return tuple(palette[i] for i in np.linspace(0, len(palette) - 1, n).round().astype(int))
