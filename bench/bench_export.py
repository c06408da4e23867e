"""Time the static export of Quảng Nam's commune map (GADM geometry, synthetic values) in each format."""

from __future__ import annotations

import statistics
import time
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np

from layers.classes import classify
from webmap.export import render_export
from webmap.views import MapView

TARGET_PNG_SECONDS = 2.0


def quang_nam_view(gadm_path: Path) -> MapView:
    communes = gpd.read_file(gadm_path, where="NAME_1 = 'QuảngNam'")
    values = np.random.default_rng(49).uniform(40, 100, len(communes)).round(1)
    values[::25] = np.nan
    units = gpd.GeoDataFrame({"code": [f"{20300 + i:05d}" for i in range(len(communes))],
                              "name": communes["NAME_3"], "value": values,
                              "sample_size": np.random.default_rng(7).integers(0, 400, len(communes))},
                             geometry=communes.geometry.to_numpy(), crs=communes.crs)
    units["rank"] = units["value"].rank(ascending=False, method="min")
    units["unreliable"] = units["sample_size"] < 20
    classes = classify(values)
    units["class"] = classes.class_index(values)
    return MapView(unit_code="49", unit_name="Quảng Nam", level_shown="commune", indicator_id="dossier_ontime_rate",
                   indicator_title="Tỷ lệ hồ sơ giải quyết đúng hạn", unit_label="%", period_label="Quý 3/2024",
                   units=units, classes=classes, source="Số liệu tổng hợp (thử nghiệm)",
                   generated=date.today())


def run(gadm_path: Path, repeats: int = 5) -> list[str]:
    view = quang_nam_view(gadm_path)
    lines = [f"Static export, Quảng Nam, {len(view.units)} communes (GADM geometry), median of {repeats} runs:"]
    first = time.perf_counter()
    render_export(view, "png")
    lines.append(f"  first PNG in a fresh process (font cache, imports): {time.perf_counter() - first:6.3f} s")
    for fmt, kwargs in (("png", {}), ("png", {"dpi": 600}), ("svg", {}), ("pdf", {}), ("csv", {}), ("xlsx", {})):
        times, size = [], 0
        for _ in range(repeats):
            start = time.perf_counter()
            content, _ = render_export(view, fmt, **kwargs)
            times.append(time.perf_counter() - start)
            size = len(content)
        label = fmt.upper() + (f" {kwargs['dpi']} dpi" if kwargs else (" 300 dpi" if fmt == "png" else ""))
        median = statistics.median(times)
        verdict = ""
        if fmt == "png" and not kwargs:
            verdict = f"  target < {TARGET_PNG_SECONDS:.0f} s: {'met' if median < TARGET_PNG_SECONDS else 'MISSED'}"
        lines.append(f"  {label:<13} {median:6.3f} s  {size / 1024:8.1f} KB{verdict}")
    return lines
