"""`python -m bench`: every benchmark (boundary ETL, statistics ETL, web map), figures printed. See bench/README.md."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from . import bench_boundaries, bench_bytes, bench_dossiers, bench_export, bench_web
from .servers import gadm_file

PARTS = ("boundaries", "dossiers", "export", "web", "bytes", "country")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("parts", nargs="*", metavar="{" + ",".join(PARTS) + "}",
                        help="what to measure (default: all, about 7 minutes)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--seconds", type=float, default=10, help="load duration per endpoint (default 10)")
    parser.add_argument("--python-client", action="store_true", help="use the Python load generator, not wrk")
    parser.add_argument("--database", metavar="URL", help="reuse this database instead of building one")
    parser.add_argument("--endpoint", action="append", metavar="LABEL=PATH",
                        help="load this path instead of the default endpoints (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (databases, server logs)")
    args = parser.parse_args(argv)
    parts = args.parts or list(PARTS)
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    gadm = gadm_file()
    if not gadm.exists():
        print(f"GADM file not found at {gadm}; set BANDO_GADM_DIR to the folder holding it", file=sys.stderr)
        return 1
    endpoints = tuple(tuple(e.split("=", 1)) for e in args.endpoint) if args.endpoint else bench_web.ENDPOINTS
    work = Path(tempfile.mkdtemp(prefix="bando-bench-"))
    print(f"work folder: {work}")
    started = time.perf_counter()
    if "export" in parts:
        _print(bench_export.run(gadm))
    if "web" in parts:
        options = bench_web.LoadOptions(connections=args.connections, seconds=args.seconds,
                                        use_wrk=not args.python_client)
        _print(bench_web.run(work, options, database_url=args.database, endpoints=endpoints))
    if "bytes" in parts:
        _print(bench_bytes.run(work, database_url=args.database))
    if "country" in parts:
        _print(bench_bytes.run_country(work))
    if "boundaries" in parts:
        _print(bench_boundaries.run())
    if "dossiers" in parts:
        print()
        bench_dossiers.main([])
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    if not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 0


def _print(lines: list[str]) -> None:
    print()
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    sys.exit(main())
