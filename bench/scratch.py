"""What every benchmark needs: scratch databases on either back end, child processes and their peak memory."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

POSTGRES_ADMIN = os.environ.get("BANDO_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def peak_mib() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec; ru_maxrss would carry the parent's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(module: str, *args: str) -> dict:
    """Run ``python -m module *args`` in a fresh process; its last line of output is a JSON object."""
    done = subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, cwd=PROJECT_ROOT)
    if done.returncode:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


class ScratchDatabases:
    """Empty databases for one benchmark run: SpatiaLite files in a folder, PostgreSQL databases dropped at the end."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.created: list[str] = []

    def url(self, backend: str) -> str:
        if backend == "spatialite":
            return f"sqlite:///{self.folder / f'{uuid.uuid4().hex[:8]}.sqlite'}"
        name = f"bando_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        url = admin.url.set(database=name).render_as_string(hide_password=False)
        admin.dispose()
        return url

    def __enter__(self) -> "ScratchDatabases":
        return self

    def __exit__(self, *exc) -> None:
        if not self.created:
            return
        admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in self.created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
