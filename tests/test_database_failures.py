"""A lost, refused, hung or slow database: a 503 page in the reader's language, one log line per failed request (never
a traceback), no request waits longer than the timeouts, and the service recovers by itself."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bandotheche.db import open_database
from bandotheche.errors import DatabaseUnavailable
from webmap import create_app
from webmap.cache import DataVersion
from webmap.settings import WebSettings

from .conftest import POSTGRES_ADMIN_URL
from .web_helpers import CLI

VI_TEXT = "Không kết nối được cơ sở dữ liệu"
EN_TEXT = "The database cannot be reached"
WAYS = ("removed", "refused")  # PostGIS: renamed away / not accepting connections; SpatiaLite: deleted / not a database


@contextmanager
def postgres_lost(url: str, way: str):
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = make_url(url).database
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        conn.execute(text("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = :name"),
                     {"name": name})
        if way == "removed":
            conn.execute(text(f'ALTER DATABASE "{name}" RENAME TO "{name}_away"'))
    try:
        yield
    finally:
        with admin.connect() as conn:
            if way == "removed":
                conn.execute(text(f'ALTER DATABASE "{name}_away" RENAME TO "{name}"'))
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()


@contextmanager
def spatialite_lost(url: str, way: str):
    path = Path(make_url(url).database)
    away = path.with_name(path.name + ".away")
    path.rename(away)
    if way == "refused":
        path.write_bytes(b"not a database\n" * 512)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        away.rename(path)


def lost(backend: str, url: str, way: str):
    return (postgres_lost if backend == "postgis" else spatialite_lost)(url, way)


@pytest.fixture
def database_url(fresh_database_url) -> str:
    open_database(fresh_database_url).dispose()  # the schema, as `bandotheche db upgrade` leaves it
    return fresh_database_url


def watched_app(url: str, **settings):
    app = create_app(WebSettings(database_url=url, data_check_seconds=0, **settings))
    app.config["TESTING"] = True
    return app


def finished_within(seconds: float, call):
    """call()'s result, failing (instead of hanging the run) if it has not returned after seconds."""
    result = []
    worker = threading.Thread(target=lambda: result.append(call()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert result, f"still waiting after {seconds} s: the request hangs"
    return result[0]


@pytest.mark.parametrize("way", WAYS)
def test_a_lost_database_gives_503_with_one_log_line_each_and_recovers(backend, database_url, way, caplog):
    client = watched_app(database_url).test_client()
    assert client.get("/api/units").status_code == 200
    caplog.clear()
    with lost(backend, database_url, way):
        vietnamese, english, api = (client.get(path) for path in ("/map/49", "/unit/49?lang=en", "/api/units"))
    assert (vietnamese.status_code, english.status_code, api.status_code) == (503, 503, 503)
    assert VI_TEXT in vietnamese.get_data(as_text=True) and EN_TEXT in english.get_data(as_text=True)
    assert api.json["error"]["status"] == 503
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(problems) == 3, caplog.text
    assert all(r.exc_info is None and "database unavailable" in r.getMessage() for r in problems)
    assert "Traceback" not in caplog.text
    assert client.get("/api/units").status_code == 200


def test_terminated_connections_are_replaced_unnoticed(backend, database_url, caplog):
    if backend != "postgis":
        pytest.skip("server connections exist only on PostgreSQL")
    client = watched_app(database_url).test_client()
    assert client.get("/api/units").status_code == 200
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = :name"),
                     {"name": make_url(database_url).database})
    admin.dispose()
    assert client.get("/api/units").status_code == 200
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text


def test_a_statement_over_the_timeout_gives_503(backend, database_url):
    if backend != "postgis":
        pytest.skip("statement_timeout is PostgreSQL's")
    client = watched_app(database_url, database_statement_timeout=0.5).test_client()
    locker = create_engine(database_url).connect()
    locker.execute(text("LOCK TABLE stat_batch IN ACCESS EXCLUSIVE MODE"))  # every data-version check waits
    try:
        response = finished_within(60, lambda: client.get("/map/49"))
    finally:
        locker.rollback()
        locker.close()
    assert response.status_code == 503 and VI_TEXT in response.get_data(as_text=True)
    assert client.get("/api/units").status_code == 200


def test_a_server_that_never_answers_gives_503():
    with socket.socket() as silent:  # accepts connections (the kernel does), never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        url = f"postgresql://postgres@127.0.0.1:{silent.getsockname()[1]}/silent"
        client = watched_app(url, database_connect_timeout=1).test_client()
        response = finished_within(60, lambda: client.get("/map/49?lang=en"))
    assert response.status_code == 503 and EN_TEXT in response.get_data(as_text=True)


def test_a_failure_is_remembered_for_the_check_interval(monkeypatch):
    """A hung database costs one wait per data_check_seconds, not one per request."""
    version, looks = DataVersion(engine=None, ttl=3600), []

    def read():
        looks.append(1)
        raise DatabaseUnavailable("down")

    monkeypatch.setattr(version, "_read", read)
    for _ in range(3):
        with pytest.raises(DatabaseUnavailable, match="down"):
            version.current()
    assert len(looks) == 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    for _ in range(600):
        assert server.poll() is None, "the server stopped"
        try:
            if _status(base + "/api/units") == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError("the server did not come up")


def test_a_server_process_outlives_its_database(backend, fresh_database_url, tmp_path):
    """`bandotheche serve` on a database nobody created: it upgrades it at start, answers 503 while the database is
    gone with one log line per request, and serves again when the database is back."""
    port, log = _free_port(), tmp_path / "server.log"
    with log.open("wb") as output:  # no warm paths: the log lines counted are the test's requests' own
        server = subprocess.Popen([*CLI, "--database", fresh_database_url, "serve", "--port", str(port),
                                   "--workers", "1", "--threads", "2"], stdout=output, stderr=subprocess.STDOUT,
                                  env={**os.environ, "BANDO_DATA_CHECK_SECONDS": "0", "BANDO_WARM_PATHS": ""})
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server)
        paths = ["/map/49", "/map/49?lang=en", "/api/units", "/unit/49"] * 5
        with lost(backend, fresh_database_url, "removed"):
            statuses = [_status(base + path) for path in paths]
        assert statuses == [503] * len(paths)
        assert _status(base + "/api/units") == 200
    finally:
        server.terminate()
        server.wait(30)
    written = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in written, written[-3000:]
    assert written.count("database unavailable") == len(paths), written[-3000:]
