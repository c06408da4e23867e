"""Boundary ETL benchmark: whole country and one province into each back end, and a 5-million-vertex input.

Targets: whole country under 60 s and 2 GiB, one province under 5 s. Each measurement runs in its own process,
so that its peak memory is its own.

    .venv/bin/python -m bench.bench_boundaries     (BANDO_GADM_DIR holds the GADM copy; default ../shared/data)
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bandotheche.config import default_shared_gadm_dir

from .scratch import ScratchDatabases, peak_mib, run_child

GADM = Path(os.environ.get("BANDO_GADM_DIR") or default_shared_gadm_dir()) / "gadm41_VNM_3.json.zip"
TARGET_VERTICES = 5_000_000
BACKENDS = ("spatialite", "postgis")


def measure(database_url: str, source: Path, province: str | None) -> dict:
    """Child process: one ETL run; returns wall time, peak memory and what was loaded."""
    from bandotheche.db import open_database
    from etl.boundary_sources import file_source
    from etl.crosswalks import read_crosswalk, shipped_crosswalk_paths
    from etl.load_boundaries import load_boundaries
    from etl.official_units import load_unit_list

    engine = open_database(database_url)
    start = time.perf_counter()
    units = load_unit_list()
    code = units.resolve_province(province)["code"] if province else None
    result = load_boundaries(engine, file_source(source), units,
                             [read_crosswalk(p, units) for p in shipped_crosswalk_paths()], code, quiet=True)
    return {"seconds": time.perf_counter() - start, "peak_mib": peak_mib(), "units": sum(result.counts.values()),
            "unmatched": len(result.report.unmatched), "vertices": result.vertices}


def densified_copy(folder: Path) -> tuple[Path, int]:
    """The GADM file with extra vertices along every edge, up to TARGET_VERTICES, as a GeoPackage."""
    import geopandas as gpd
    import shapely

    frame = gpd.read_file(GADM)
    vertices = shapely.get_num_coordinates(frame.geometry.values).sum()
    length = shapely.length(frame.geometry.values).sum()
    frame["geometry"] = shapely.segmentize(frame.geometry.values, length / (TARGET_VERTICES * 1.05 - vertices))
    path = folder / "densified.gpkg"
    frame.to_file(path)
    return path, int(shapely.get_num_coordinates(frame.geometry.values).sum())


def line(label: str, figures: dict) -> str:
    vertices = ", ".join(f"{k} {v:,}" for k, v in figures["vertices"].items())
    return (f"{label:<42} {figures['seconds']:7.2f} s  {figures['peak_mib']:7.0f} MiB peak  "
            f"{figures['units']:>6} units  {figures['unmatched']:>5} unmatched\n"
            f"{'':<42} vertices, all units: {vertices}")


def run() -> list[str]:
    if not GADM.exists():
        return [f"boundary ETL skipped: {GADM} not found (set BANDO_GADM_DIR)"]
    lines = ["Boundary ETL (targets: whole country < 60 s and < 2 GiB; one province < 5 s)"]

    def child(label: str, url: str, source: Path, province: str = "") -> None:
        lines.append(line(label, run_child("bench.bench_boundaries", "--child", url, str(source), province)))

    with tempfile.TemporaryDirectory() as tmp, ScratchDatabases(Path(tmp)) as databases:
        for backend in BACKENDS:
            child(f"{backend}: Quảng Nam", databases.url(backend), GADM, "Quảng Nam")
            child(f"{backend}: whole country", databases.url(backend), GADM)
        dense, count = densified_copy(Path(tmp))
        lines.append(f"High-resolution input: GADM densified to {count:,} vertices")
        for backend in BACKENDS:
            child(f"{backend}: whole country, densified", databases.url(backend), dense)
    return lines


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(measure(sys.argv[2], Path(sys.argv[3]), sys.argv[4] or None)))
    else:
        print("\n".join(run()))
