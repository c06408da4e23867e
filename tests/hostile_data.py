"""A copy of the SpatiaLite demo database with hostile codes and names written straight into its tables (no import
validation), for the injection tests; the session's demo database stays as it is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bandotheche.db import open_database


def hostile_copy(demo_url: str, backend: str, folder: Path, statements: list[tuple[str, dict]]) -> str:
    """The demo database copied into folder, with each (SQL, parameters) statement applied."""
    if backend != "spatialite":
        pytest.skip("the copy is a file copy of the SpatiaLite demo database")
    target = folder / "hostile.sqlite"
    shutil.copy(make_url(demo_url).database, target)
    url = f"sqlite:///{target}"
    engine = open_database(url)
    with engine.begin() as conn:
        for sql, parameters in statements:
            assert conn.execute(text(sql), parameters).rowcount >= 1, sql
    engine.dispose()
    return url
