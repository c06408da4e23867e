"""What the browser receives for one map: the compact topology, one short record per unit, colours and text."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

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
    """Every class with its count (empty classes too), the units without data and those with few dossiers."""
    per_class, missing = view.classes.tally(view.units["class"])
    rows = tuple(LegendRow(colour, label, count)
                 for colour, label, count in zip(view.classes.colours, view.classes.labels, per_class))
    return Legend(rows=rows, no_data=missing, unreliable=int(view.units["unreliable"].sum()))


def unit_records(view: MapView, *, group_columns: tuple[str, ...]) -> list[dict]:
    """Per unit, in the order of view.units: c code, n name, f full name (when not "type name"), t type,
    x value, k class (-1 no data), r rank, u few dossiers, m sample size, y change, s change sign (1 better,
    -1 worse, 0 neither), g the 766 group scores, p label point. The figures are layers.map_layer's, already
    rounded to what is printed; the browser only formats them."""
    units = view.units
    groups_present = [c for c in group_columns if c in units.columns]
    class_at = units.columns.get_loc("class")  # "class" is a keyword: itertuples gives it no name
    records = []
    for row in units.itertuples(index=False):
        kind = getattr(row, "type", "")
        record = {"c": row.code, "n": row.name, "t": unit_type(kind, view.language), "k": int(row[class_at])}
        full_name = getattr(row, "full_name", row.name)
        if full_name != f"{record['t']} {row.name}":
            record["f"] = full_name
        value, change, sample, rank = (number(row.level_value), number(row.change), number(row.sample_size),
                                       number(row.rank))
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
            record["s"] = int(row.change_sign)
        if groups_present:
            scores = [number(getattr(row, c)) for c in groups_present]
            if any(s is not None for s in scores):
                record["g"] = scores
        lat, lon = getattr(row, "label_lat", None), getattr(row, "label_lon", None)
        if number(lat) is not None and number(lon) is not None:
            record["p"] = [round(float(lat), 3), round(float(lon), 3)]
        records.append(record)
    return records


def number(value) -> float | None:
    """A figure for JSON: None where missing."""
    if value is None or pd.isna(value):
        return None
    return float(value)
