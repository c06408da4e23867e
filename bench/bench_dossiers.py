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
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

POSTGRES_ADMIN = os.environ.get("BANDO_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _peak_mib() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec; ru_maxrss would carry the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
            "store_s": stored_at - parsed_at, "total_s": stored_at - started, "peak_mib": _peak_mib()}


def _run_worker(task: str, database_url: str, path: Path) -> dict:
    command = [sys.executable, "-m", "bench.bench_dossiers", "--worker", task, database_url, str(path)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    if done.returncode:
        raise RuntimeError(f"{task} on {database_url} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


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


class _Backends:
    def __init__(self, names: list[str], work: Path):
        self.names, self.work, self.created = names, work, []

    def url(self, name: str, label: str) -> str:
        if name == "spatialite":
            return f"sqlite:///{self.work / f'{label}.sqlite'}"
        from sqlalchemy import create_engine, text

        admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
        database = f"bando_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{database}"'))
        self.created.append(database)
        url = admin.url.set(database=database).render_as_string(hide_password=False)
        admin.dispose()
        return url

    def drop(self) -> None:
        if not self.created:
            return
        from sqlalchemy import create_engine, text

        admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for database in self.created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


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
        backends = _Backends(args.backends.split(","), work)
        try:
            print(f"{'back end':11} {'task':34} {'rows':>9} {'values':>8} {'read+check+aggregate':>21} "
                  f"{'store':>7} {'total':>7} {'peak RSS':>9}")
            for name in backends.names:
                for task, path, label in (("dossiers", records, f"{args.records:,} dossier records → months"),
                                          ("tables", month, "one month, aggregated, province")):
                    figures = _run_worker(task, backends.url(name, task), path)
                    print(f"{name:11} {label:34} {figures['rows']:>9,} {figures['values']:>8,} "
                          f"{figures['parse_s']:>20.2f}s {figures['store_s']:>6.2f}s {figures['total_s']:>6.2f}s "
                          f"{figures['peak_mib']:>6.0f} MiB", flush=True)
        finally:
            backends.drop()
    print("targets: 1M records under 20 s and 2 GiB; one month of aggregated tables under 2 s "
          "(times exclude process start and opening the database)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
