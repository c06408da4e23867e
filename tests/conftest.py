"""Fixtures: every database test runs on both back ends (SpatiaLite file, fresh PostGIS database)."""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bandotheche.config import default_shared_gadm_dir

pytest_plugins = ["tests.web_fixtures"]

GADM_FILE = "gadm41_VNM_3.json.zip"
POSTGRES_ADMIN_URL = os.environ.get("BANDO_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
BACKENDS = os.environ.get("BANDO_TEST_BACKENDS", "spatialite,postgis").split(",")


@pytest.fixture(scope="session")
def gadm_path() -> Path:
    """The shared GADM copy, through the one setting BANDO_GADM_DIR (default ../shared/data)."""
    path = Path(os.environ.get("BANDO_GADM_DIR") or default_shared_gadm_dir()) / GADM_FILE
    if not path.exists():
        pytest.skip(f"GADM file not found at {path} (set BANDO_GADM_DIR to the folder holding {GADM_FILE})")
    return path


class PostgresDatabases:
    """Creates fresh databases on the local server and drops them at the end of the run."""

    def __init__(self, admin_url: str):
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def create(self, template: str | None = None) -> str:
        """A new database, empty or a copy of ``template`` (whose open connections are closed first)."""
        name = f"bando_test_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as conn:
            if template:
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": template})
            conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
        self.created.append(name)
        return self.admin.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            for name in self.created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_databases():
    databases = PostgresDatabases(POSTGRES_ADMIN_URL)
    yield databases
    databases.drop_all()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def fresh_database_url(backend, tmp_path, request) -> str:
    """An empty database of the current back end, for one test."""
    if backend == "spatialite":
        return f"sqlite:///{tmp_path / 'bando.sqlite'}"
    return request.getfixturevalue("postgres_databases").create()


def _new_database(backend, tmp_path_factory, request) -> str:
    if backend == "spatialite":
        return f"sqlite:///{tmp_path_factory.mktemp(backend) / 'bando.sqlite'}"
    return request.getfixturevalue("postgres_databases").create()


@pytest.fixture(scope="session")
def session_database_url(backend, tmp_path_factory, request) -> str:
    """A database of the current back end shared by the whole run (load once, read many times)."""
    return _new_database(backend, tmp_path_factory, request)


@pytest.fixture(scope="module")
def module_database_url(backend, tmp_path_factory, request) -> str:
    """A database of the current back end for one test module, whose data no other module sees."""
    return _new_database(backend, tmp_path_factory, request)


@pytest.fixture(scope="session")
def quang_nam_template(backend, tmp_path_factory, request, gadm_path) -> str:
    """A database of the back end with Quảng Nam's boundaries (GADM) and nothing else; copied, never written."""
    from click.testing import CliRunner

    from bandotheche.cli import cli

    url = _new_database(backend, tmp_path_factory, request)
    result = CliRunner().invoke(cli, ["--database", url, "etl", "boundaries", "--province", "49", "--source",
                                      str(gadm_path), "--quiet"])
    assert result.exit_code == 0, result.output
    return url


def _copy_of(template_url: str, backend: str, directory: Path, request) -> str:
    if backend == "spatialite":
        target = directory / "bando.sqlite"
        with sqlite3.connect(make_url(template_url).database) as source, sqlite3.connect(target) as copy:
            source.backup(copy)  # whatever WAL mode still holds in the -wal file is copied too
        return f"sqlite:///{target}"
    return request.getfixturevalue("postgres_databases").create(template=make_url(template_url).database)


@pytest.fixture
def quang_nam_url(quang_nam_template, backend, tmp_path, request) -> str:
    """A fresh database holding Quảng Nam's units (the registry values are read for), for one test."""
    return _copy_of(quang_nam_template, backend, tmp_path, request)


@pytest.fixture(scope="module")
def quang_nam_module_url(quang_nam_template, backend, tmp_path_factory, request) -> str:
    """The same for one test module, whose data no other module sees."""
    return _copy_of(quang_nam_template, backend, tmp_path_factory.mktemp("quang_nam"), request)


@pytest.fixture(scope="session")
def synthetic_engine(tmp_path_factory):
    """The synthetic province (tests/data/synthetic) in an embedded database: rule tests read it, never write."""
    from .synthetic import build_synthetic_database

    engine = build_synthetic_database(f"sqlite:///{tmp_path_factory.mktemp('synthetic') / 'synthetic.sqlite'}")
    yield engine
    engine.dispose()
