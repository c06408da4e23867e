"""Statistics ETL benchmarks (issue 3), on both back ends, figures printed:

1. 1,000,000 dossier records over every unit of Quảng Nam and 24 months: read, check, aggregate, store.
   Target: under 20 s and under 2 GiB.
2. One month of aggregated tables for the whole province (every commune, district and agency): under 2 s.

    .venv/bin/python -m bench.bench_dossiers [--records 1000000] [--backends spatialite,postgis]

Each measurement runs in a fresh process, so its peak memory (VmHWM) is its own. PostgreSQL: a scratch
database on 127.0.0.1:5432 (BANDO_BENCH_POSTGRES to change), dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from .scratch import ScratchDatabases, peak_mib, run_child

def worker(task: str, database_url: str, path: str) -> dict:
    """Runs in its own process: open the database, import one file, report times and peak memory."""
    from bandotheche.db import open_database
    from etl.stat_units import StatUnitResolver
    from etl.store_stats import refuse_if_rejected, store_batch

    engine = open_database(database_url)
    started = time.perf_counter()
    resolver = StatUnitResolver()
    if task == "dossiers":
        from etl.dossier_records import parse_dossier_records

        parsed = parse_dossier_records(Path(path), resolver)
    else:
        from etl.import_tables import parse_stat_table

        parsed = parse_stat_table(Path(path), resolver)
    refuse_if_rejected(parsed)
    parsed_at = time.perf_counter()
    result = store_batch(engine, parsed, kind="bench")
    stored_at = time.perf_counter()
    return {"rows": parsed.rows_read, "values": result.values_written, "parse_s": parsed_at - started,
            "store_s": stored_at - parsed_at, "total_s": stored_at - started, "peak_mib": peak_mib()}


def _month_table(path: Path) -> Path:
    """Every unit and agency of Quảng Nam for 2022-06, with the dossier columns, from the demo generator."""
    import pandas as pd

    from etl.demo_stats import generate_demo
    from etl.stat_tables import DOSSIERS
    from etl.stat_units import StatUnitResolver

    values = generate_demo(StatUnitResolver()).values
    month = values[(values.period == "2022-06") & values.measure.isin({c.measure for c in DOSSIERS.columns})]
    wide = month.pivot_table(index="unit_code", columns="measure", values="value").fillna(0).astype(int)
    table = pd.DataFrame({"Mã đơn vị": wide.index, "Kỳ báo cáo": "06/2022"})
    for column in DOSSIERS.columns:
        if column.measure in wide.columns:
            table[column.header] = wide[column.measure].to_numpy()
    table.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_dossiers", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--backends", default="spatialite,postgis")
    parser.add_argument("--worker", nargs=3, metavar=("TASK", "URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return 0
    from etl.demo_dossiers import write_dossier_file

    with tempfile.TemporaryDirectory(prefix="bando-bench-stats-") as folder:
        work = Path(folder)
        started = time.perf_counter()
        records = write_dossier_file(work / "dossiers.csv", args.records)
        print(f"generated {args.records:,} dossier records ({records.stat().st_size / 2**20:.0f} MiB CSV) in "
              f"{time.perf_counter() - started:.1f} s")
        month = _month_table(work / "month.csv")
        with ScratchDatabases(work) as databases:
            print(f"{'back end':11} {'task':34} {'rows':>9} {'values':>8} {'read+check+aggregate':>21} "
                  f"{'store':>7} {'total':>7} {'peak RSS':>9}")
            for name in args.backends.split(","):
                for task, path, label in (("dossiers", records, f"{args.records:,} dossier records → months"),
                                          ("tables", month, "one month, aggregated, province")):
                    figures = run_child("bench.bench_dossiers", "--worker", task, databases.url(name), str(path))
                    print(f"{name:11} {label:34} {figures['rows']:>9,} {figures['values']:>8,} "
                          f"{figures['parse_s']:>20.2f}s {figures['store_s']:>6.2f}s {figures['total_s']:>6.2f}s "
                          f"{figures['peak_mib']:>6.0f} MiB", flush=True)
    print("targets: 1M records under 20 s and 2 GiB; one month of aggregated tables under 2 s "
          "(times exclude process start and opening the database)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
