"""What the browser receives for one map: the compact topology, one short record per unit, colours and text."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .i18n import unit_type
from .views import MapView


@dataclass(frozen=True)
class LegendRow:
    colour: str
    label: str
    count: int


@dataclass(frozen=True)
class Legend:
    rows: tuple[LegendRow, ...]
    no_data: int
    unreliable: int


def legend_of(view: MapView) -> Legend:
    per_class, missing = view.classes.counts(view.units["value"])
    rows = tuple(LegendRow(colour, label, count)
                 for colour, label, count in zip(view.classes.colours, view.classes.labels, per_class))
    return Legend(rows=rows, no_data=missing, unreliable=int(view.units["unreliable"].sum()))


def unit_records(view: MapView, *, direction: int, group_columns: tuple[str, ...]) -> list[dict]:
    """Per unit, in the order of view.units: c code, n name, f full name (when not "type name"), t type,
    x value, k class (-1 no data), r rank, u unreliable, m sample size, y change, s change sign (1 better, -1 worse),
    g the 766 group scores, p label point. Numbers are rounded to what is shown; the browser formats them."""
    units = view.units
    classes = view.classes.class_index(units["value"]) if view.classes.upper_bounds else np.full(len(units), -1)
    groups_present = [c for c in group_columns if c in units.columns]
    digits = view.decimals + 1
    records = []
    for i, row in enumerate(units.itertuples(index=False)):
        kind = getattr(row, "type", "")
        record = {"c": row.code, "n": row.name, "t": unit_type(kind, view.language), "k": int(classes[i])}
        full_name = getattr(row, "full_name", row.name)
        if full_name != f"{record['t']} {row.name}":
            record["f"] = full_name
        value, change, sample, rank = (rounded(row.value, digits), rounded(getattr(row, "change", None), digits),
                                       rounded(row.sample_size, 0), rounded(row.rank, 0))
        if value is not None:
            record["x"] = value
        if rank is not None:
            record["r"] = int(rank)
        if row.unreliable:
            record["u"] = 1
        if sample is not None:
            record["m"] = int(sample)
        if change is not None:
            record["y"] = change
            record["s"] = int(np.sign(change) * direction)
        if groups_present:
            scores = [rounded(getattr(row, c), 2) for c in groups_present]
            if any(s is not None for s in scores):
                record["g"] = scores
        lat, lon = rounded(getattr(row, "label_lat", None), 3), rounded(getattr(row, "label_lon", None), 3)
        if lat is not None and lon is not None:
            record["p"] = [lat, lon]
        records.append(record)
    return records


def rounded(value, digits: int) -> float | None:
    """A number rounded to digits (0: an int), or None for missing values."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else (round(value, digits) if digits else round(value))
