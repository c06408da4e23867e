"""Fixtures: every database test runs on both back ends (SpatiaLite file, fresh PostGIS database)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

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

    def create(self) -> str:
        name = f"bando_test_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
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
def synthetic_engine(tmp_path_factory):
    """The synthetic province (tests/data/synthetic) in an embedded database: rule tests read it, never write."""
    from .synthetic import build_synthetic_database

    engine = build_synthetic_database(f"sqlite:///{tmp_path_factory.mktemp('synthetic') / 'synthetic.sqlite'}")
    yield engine
    engine.dispose()
