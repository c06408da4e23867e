"""A copy of the SpatiaLite demo database with hostile codes and names written straight into its tables (no import
validation), for the injection tests; the session's demo database stays as it is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bandotheche.db import open_database


def hostile_copy(demo_url: str, folder: Path, statements: list[tuple[str, dict]]) -> str:
    """The (embedded) demo database copied into folder, with each (SQL, parameters) statement applied."""
    target = folder / "hostile.sqlite"
    with sqlite3.connect(make_url(demo_url).database) as source, sqlite3.connect(target) as copy:
        source.backup(copy)  # with what WAL mode still holds in the -wal file
    url = f"sqlite:///{target}"
    engine = open_database(url)
    with engine.begin() as conn:
        for sql, parameters in statements:
            assert conn.execute(text(sql), parameters).rowcount >= 1, sql
    engine.dispose()
    return url
