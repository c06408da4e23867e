"""First (uncached) open of unit profiles and map pages, in-process: time and database queries per request.

    .venv/bin/python -m bench.bench_profile [--database URL] [--repeats N]

Each request runs in a fresh app (empty caches), so it measures what the first visitor of a page waits for
(rendering and compression included, network excluded). Without --database a demo database is built first.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

from webmap import create_app
from webmap.settings import WebSettings

from .servers import build_database

PATHS = (
    ("profile, province", "/unit/49?period=2022-Q2"),
    ("profile, district", "/unit/512?period=2022-Q2"),
    ("profile, commune", "/unit/20335?period=2022-Q2"),
    ("trend chart, district", "/trend/512.svg?indicator=dossier_ontime_rate&period=2022-Q2"),
    ("map page, district", "/map/512?indicator=index766_total&period=2022-Q2&scheme=quantiles"),
    ("map page, province", "/map/49?level=commune&period=2022-06"),
)


def first_request(database_url: str, path: str) -> tuple[float, int]:
    """Seconds and SQL statements of path's first request in a fresh app (after one unrelated warm-up request)."""
    app = create_app(WebSettings(database_url=database_url))
    engine = app.extensions["bandotheche"].engine
    client = app.test_client()
    client.get("/api/indicators")  # imports, catalogue and connection pool warm, nothing of path cached
    statements = []

    def count(*_):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    started = time.perf_counter()
    response = client.get(path, headers={"Accept-Encoding": "br"})
    elapsed = time.perf_counter() - started
    event.remove(engine, "before_cursor_execute", count)
    if response.status_code != 200:
        raise RuntimeError(f"{path}: HTTP {response.status_code}")
    return elapsed, len(statements)


def run(database_url: str, repeats: int = 5) -> list[str]:
    lines = [f"First request in a fresh app (in-process, no network), median of {repeats}:",
             f"  {'page':<22} {'median':>9} {'min':>9}  SQL statements  path"]
    for label, path in PATHS:
        runs = [first_request(database_url, path) for _ in range(repeats)]
        times = [t for t, _ in runs]
        lines.append(f"  {label:<22} {statistics.median(times) * 1000:7.0f}ms {min(times) * 1000:7.0f}ms "
                     f"{runs[-1][1]:>15}  {path}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_profile", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", metavar="URL", help="reuse this database instead of building one")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    database_url = args.database or build_database(Path(tempfile.mkdtemp(prefix="bando-bench-")))
    print("\n".join(run(database_url, args.repeats)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
