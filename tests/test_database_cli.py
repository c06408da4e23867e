"""`bandotheche db upgrade` migrates; opening the database for the web does not; SpatiaLite runs in WAL mode with a
busy timeout, and a writer that still cannot get the lock gets one clear line."""

from __future__ import annotations

from pathlib import Path

import sqlean
from alembic import command
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from bandotheche import DATA_DIR
from bandotheche.cli import cli
from bandotheche.db import open_database
from bandotheche.db.engine import alembic_config
from webmap import create_app
from webmap.settings import WebSettings

DOSSIERS = str(DATA_DIR / "templates" / "dossiers.csv")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def revision(url: str) -> str | None:
    engine = open_database(url, migrate=False)
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    engine.dispose()
    return current


def test_db_upgrade_brings_the_schema_to_the_head_once(fresh_database_url):
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    first = run("--database", fresh_database_url, "db", "upgrade")
    assert first.exit_code == 0 and head in first.output
    assert revision(fresh_database_url) == head
    assert run("--database", fresh_database_url, "db", "upgrade").exit_code == 0


def test_the_web_app_opens_without_migrating(backend, fresh_database_url):
    client = create_app(WebSettings(database_url=fresh_database_url, data_check_seconds=0)).test_client()
    assert client.get("/map/49").status_code == 503
    if backend == "spatialite":
        assert not Path(make_url(fresh_database_url).database).exists()
    else:
        engine = open_database(fresh_database_url, migrate=False)
        assert inspect(engine).get_table_names() == []
        engine.dispose()


def test_a_schema_behind_the_code_gives_503_naming_the_upgrade(fresh_database_url):
    engine = open_database(fresh_database_url)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, ScriptDirectory.from_config(config).get_base())
    engine.dispose()
    client = create_app(WebSettings(database_url=fresh_database_url, data_check_seconds=0)).test_client()
    vietnamese, english = client.get("/map/49"), client.get("/map/49?lang=en")
    assert vietnamese.status_code == english.status_code == 503
    assert "bandotheche db upgrade" in vietnamese.get_data(as_text=True)
    assert "nâng cấp" in vietnamese.get_data(as_text=True) and "upgrade" in english.get_data(as_text=True)
    assert run("--database", fresh_database_url, "db", "upgrade").exit_code == 0
    assert client.get("/api/units").status_code == 200


def test_spatialite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    url = f"sqlite:///{tmp_path / 'bando.sqlite'}"
    for suffix, milliseconds in (("", 30_000), ("?timeout=0.25", 250)):
        engine = open_database(url + suffix)
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == milliseconds
        engine.dispose()


def test_a_writer_that_cannot_get_the_lock_gets_one_clear_line(tmp_path):
    path = tmp_path / "bando.sqlite"
    assert run("--database", f"sqlite:///{path}", "db", "upgrade").exit_code == 0
    other = sqlean.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        result = CliRunner().invoke(cli, ["--database", f"sqlite:///{path}?timeout=0.2", "etl", "stats", DOSSIERS],
                                    catch_exceptions=False)
    finally:
        other.rollback()
        other.close()
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and "locked" in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert run("--database", f"sqlite:///{path}", "etl", "stats", DOSSIERS).exit_code == 0


def test_each_command_migrates_at_most_once(fresh_database_url, monkeypatch):
    """The `etl` group brings the schema up to date when it starts; its commands then open the database as it is."""
    from bandotheche.db import engine as db_engine

    upgrades = []
    upgrade = db_engine.upgrade_schema
    monkeypatch.setattr(db_engine, "upgrade_schema", lambda engine: upgrades.append(engine.url) or upgrade(engine))
    for args in (("etl", "stats", DOSSIERS), ("etl", "dossiers", str(DATA_DIR / "templates" / "dossier_records.csv")),
                 ("etl", "batches"), ("db", "upgrade")):
        upgrades.clear()
        assert run("--database", fresh_database_url, *args).exit_code == 0
        assert len(upgrades) == 1, args
