"""Hoàng Sa and Trường Sa: drawn on every map of the whole country, whatever the boundary source omits."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from bandotheche import DATA_DIR

ARCHIPELAGOS_FILE = DATA_DIR / "vn_archipelagos.csv"


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    return pd.read_csv(ARCHIPELAGOS_FILE, comment="#", dtype={"archipelago": str, "kind": str})


def archipelagos(language: str) -> list[dict]:
    """Per archipelago: its label (name, [lat, lon]) and its islands ([lat, lon, name])."""
    table, name = _table(), f"name_{language}"
    groups = []
    for _, rows in table.groupby("archipelago", sort=False):
        label = rows[rows.kind == "label"].iloc[0]
        islands = rows[rows.kind == "island"]
        groups.append({"name": label[name], "p": [label.lat, label.lon],
                       "islands": [[r.lat, r.lon, r[name]] for _, r in islands.iterrows()]})
    return groups


def bounds() -> tuple[float, float, float, float]:
    table = _table()
    return float(table.lon.min()), float(table.lat.min()), float(table.lon.max()), float(table.lat.max())
