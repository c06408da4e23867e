"""One engine factory for both back ends: SpatiaLite (embedded file) and PostgreSQL/PostGIS."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from geoalchemy2 import load_spatialite
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from ..errors import DatabaseError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _spatialite_engine(url) -> Engine:
    # CPython here lacks enable_load_extension; sqlean ships an sqlite3 module that has it.
    import sqlean

    os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")
    if url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, module=sqlean.dbapi2)

    @event.listens_for(engine, "connect")
    def _load_spatialite(dbapi_conn, _record):
        dbapi_conn.enable_load_extension(True)
        load_spatialite(dbapi_conn, init_mode="WGS84")
        dbapi_conn.execute("PRAGMA foreign_keys = ON")

    return engine


def _postgres_url(url):
    # A bare postgresql:// URL means psycopg 3, the driver this project installs.
    return url.set(drivername="postgresql+psycopg") if url.drivername == "postgresql" else url


def open_database(database_url: str, *, migrate: bool = True) -> Engine:
    """Return an engine for the URL; with ``migrate`` the schema is brought up to date first."""
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        engine = _spatialite_engine(url)
    elif backend == "postgresql":
        engine = create_engine(_postgres_url(url), pool_pre_ping=True)
    else:
        raise DatabaseError(f"unsupported database URL {database_url!r}: use sqlite:///FILE or postgresql://HOST/DB")
    if migrate:
        upgrade_schema(engine)
    return engine


def upgrade_schema(engine: Engine) -> None:
    """Apply every Alembic migration not yet applied (idempotent)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except Exception as exc:  # any driver error here means the database is unreachable or foreign
        if isinstance(exc, DatabaseError):
            raise
        raise DatabaseError(f"cannot open database {engine.url.render_as_string(hide_password=True)}: "
                            f"{str(exc).splitlines()[0]}") from exc
