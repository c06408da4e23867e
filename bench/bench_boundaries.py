"""Boundary ETL benchmark: whole country and one province into each back end, and a 5-million-vertex input.

Each measurement runs in its own process so that its peak memory is its own.
Run: .venv/bin/python -m bench.bench_boundaries  (BANDO_GADM_DIR points at the GADM copy; default ../shared/data)
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bandotheche.config import default_shared_gadm_dir

GADM = Path(os.environ.get("BANDO_GADM_DIR") or default_shared_gadm_dir()) / "gadm41_VNM_3.json.zip"
POSTGRES = os.environ.get("BANDO_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
TARGET_VERTICES = 5_000_000


def measure(database_url: str, source: Path, province: str | None) -> dict:
    """Child process: one ETL run; prints wall time, peak RSS and the import result as JSON."""
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
    return {"seconds": time.perf_counter() - start, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "units": sum(result.counts.values()), "unmatched": len(result.report.unmatched),
            "vertices": result.vertices}


def run_child(database_url: str, source: Path, province: str | None) -> dict:
    args = [sys.executable, "-m", "bench.bench_boundaries", "--child", database_url, str(source), province or ""]
    output = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def fresh_database(backend: str, folder: Path) -> str:
    if backend == "spatialite":
        return f"sqlite:///{folder / f'{uuid.uuid4().hex}.sqlite'}"
    from sqlalchemy import create_engine, text

    name = f"bando_bench_{uuid.uuid4().hex[:8]}"
    with create_engine(f"{POSTGRES}/postgres", isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return f"{POSTGRES}/{name}"


def densified_copy(folder: Path) -> tuple[Path, int]:
    """The GADM file with extra vertices along every edge, up to TARGET_VERTICES, as a GeoPackage."""
    import geopandas as gpd
    import shapely

    frame = gpd.read_file(GADM)
    vertices = shapely.get_num_coordinates(frame.geometry.values).sum()
    length = shapely.length(frame.geometry.values).sum()
    step = length / (TARGET_VERTICES * 1.05 - vertices)
    frame["geometry"] = shapely.segmentize(frame.geometry.values, step)
    path = folder / "densified.gpkg"
    frame.to_file(path)
    return path, int(shapely.get_num_coordinates(frame.geometry.values).sum())


def report(label: str, figures: dict) -> None:
    vertices = ", ".join(f"{k} {v:,}" for k, v in figures["vertices"].items())
    print(f"{label:<42} {figures['seconds']:7.2f} s  {figures['peak_mib']:7.0f} MiB peak  "
          f"{figures['units']:>6} units  {figures['unmatched']:>5} unmatched")
    print(f"{'':<42} vertices, all units: {vertices}")


def main() -> None:
    if not GADM.exists():
        print(f"skipped: {GADM} not found (set BANDO_GADM_DIR)")
        return
    print("Boundary ETL (targets: whole country < 60 s and < 2 GiB; one province < 5 s)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for backend in ("spatialite", "postgis"):
            report(f"{backend}: Quảng Nam", run_child(fresh_database(backend, folder), GADM, "Quảng Nam"))
            report(f"{backend}: whole country", run_child(fresh_database(backend, folder), GADM, None))
        dense, count = densified_copy(folder)
        print(f"High-resolution input: GADM densified to {count:,} vertices")
        for backend in ("spatialite", "postgis"):
            report(f"{backend}: whole country, densified", run_child(fresh_database(backend, folder), dense, None))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(measure(sys.argv[2], Path(sys.argv[3]), sys.argv[4] or None)))
    else:
        main()
