"""One engine factory for both back ends: SpatiaLite (embedded file) and PostgreSQL/PostGIS.

Driver failures that mean the database cannot be used right now (unreachable, gone, damaged, locked, too slow) come
out of every engine as project errors (``DatabaseUnavailable``, ``DatabaseBusy``): one clear line in the CLI, a 503
page on the web. Any other driver error is a bug and stays as it is.
"""

from __future__ import annotations

import math
import os
from functools import cache, partial
from pathlib import Path
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from geoalchemy2.admin.dialects.sqlite import init_spatialite, load_spatialite_driver
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import InvalidatePoolError

from ..errors import DatabaseBusy, DatabaseError, DatabaseUnavailable, SchemaOutdated

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Seconds a SQLite connection waits for another's lock before giving up; a URL's ?timeout=SECONDS overrides it.
BUSY_TIMEOUT = 30.0


def _file_identity(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


def _spatialite_engine(url, *, create: bool) -> Engine:
    # CPython here lacks enable_load_extension; sqlean ships an sqlite3 module that has it.
    import sqlean

    os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")
    path = url.database if url.database not in (None, "", ":memory:") else None
    if path and create:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    elif path:  # only the upgrade creates the file: a missing one is an error, not a new empty database
        url = url.set(database=f"file:{quote(path)}", query={**url.query, "mode": "rw", "uri": "true"})
    busy_timeout_ms = round(float(url.query.get("timeout", BUSY_TIMEOUT)) * 1000)
    engine = create_engine(url, module=sqlean.dbapi2)

    @event.listens_for(engine, "connect")
    def _prepare(dbapi_conn, record):
        load_spatialite_driver(dbapi_conn)  # which sets the busy timeout to 5 s: set ours after it
        dbapi_conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        dbapi_conn.execute("PRAGMA journal_mode = WAL")  # readers never wait for the one writer, nor it for them
        if create:
            init_spatialite(dbapi_conn, init_mode="WGS84")  # SpatiaLite's metadata tables, in a new file
        dbapi_conn.execute("PRAGMA foreign_keys = ON")
        if path:
            record.info["file"] = _file_identity(path)

    if path:
        @event.listens_for(engine, "checkout")
        def _same_file(dbapi_conn, record, proxy):
            """An open connection goes on reading a file that was deleted or replaced: reconnect (and fail if the
            file is gone) instead."""
            if _file_identity(path) != record.info["file"]:
                raise InvalidatePoolError(f"{path} was removed or replaced")

    return engine


def _postgres_engine(url, connect_timeout: float | None, statement_timeout: float | None) -> Engine:
    # A bare postgresql:// URL means psycopg 3, the driver this project installs.
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    args = {}
    if connect_timeout is not None:
        args["connect_timeout"] = max(1, math.ceil(connect_timeout))  # libpq takes whole seconds
    if statement_timeout is not None:
        options = f"{url.query.get('options', '')} -c statement_timeout={round(statement_timeout * 1000)}"
        args["options"] = options.strip()
    return create_engine(url, pool_pre_ping=True, connect_args=args)


def open_database(database_url: str, *, migrate: bool = True, connect_timeout: float | None = None,
                  statement_timeout: float | None = None) -> Engine:
    """Return an engine for the URL. With ``migrate`` the schema is first brought up to date (the database created
    if need be); without it the database must already exist and its schema is left alone. The timeouts (seconds) bound how long
    a PostgreSQL connection may take to open and one statement to run."""
    url = make_url(database_url)
    backend = url.get_backend_name()
    where = url.render_as_string(hide_password=True)
    if backend == "sqlite":
        engine = _spatialite_engine(url, create=migrate)
    elif backend == "postgresql":
        engine = _postgres_engine(url, connect_timeout, statement_timeout)
    else:
        raise DatabaseError(f"unsupported database URL {database_url!r}: use sqlite:///FILE or postgresql://HOST/DB")
    event.listen(engine, "handle_error", partial(_project_error, where=where))
    if migrate:
        upgrade_schema(engine)
    return engine


def _project_error(context: ExceptionContext, *, where: str) -> DatabaseError | None:
    """The project error a driver failure on the database at ``where`` stands for, or None for one that is a bug
    (bad SQL, a broken constraint)."""
    if context.is_pre_ping:  # the pool replaces a dead pooled connection by itself
        return None
    original, dbapi = context.original_exception, context.dialect.loaded_dbapi
    reason = next(iter(str(original).strip().splitlines()), "") or type(original).__name__
    if "database is locked" in reason or "database table is locked" in reason:
        return DatabaseBusy(f"{where} is locked by another process that is writing to it; run the command again "
                            "when that one has finished (a sqlite URL's ?timeout=SECONDS sets how long to wait)")
    if context.is_disconnect or isinstance(original, (dbapi.OperationalError, dbapi.InterfaceError)) \
            or type(original) is dbapi.DatabaseError:  # SQLite: "file is not a database", "disk image is malformed"
        return DatabaseUnavailable(f"cannot use {where}: {reason}")
    return None


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@cache
def head_revision() -> str:
    """The schema revision this version of the code needs."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def check_schema(connection: Connection) -> None:
    """Raise SchemaOutdated unless the database's schema is the one the code needs."""
    current = MigrationContext.configure(connection).get_current_revision()
    if current != head_revision():
        raise SchemaOutdated(f"the database schema is at revision {current or 'none (an empty database)'}, this "
                             f"version needs {head_revision()}: run `bandotheche db upgrade`")


def upgrade_schema(engine: Engine) -> None:
    """Apply every Alembic migration not yet applied (idempotent)."""
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except Exception as exc:  # any driver error here means the database is unreachable or foreign
        if isinstance(exc, DatabaseError):
            raise
        raise DatabaseError(f"cannot open database {engine.url.render_as_string(hide_password=True)}: "
                            f"{str(exc).splitlines()[0]}") from exc
