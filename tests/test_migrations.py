"""The Alembic migrations build exactly the schema the models describe, on both back ends."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from geoalchemy2 import alembic_helpers

from bandotheche.db import Base, open_database


def _ours(obj, name, type_, reflected, compare_to):
    """Skip the back end's own tables (SpatiaLite's metadata, PostGIS's spatial_ref_sys)."""
    if type_ == "table" and reflected and compare_to is None:
        return False
    return alembic_helpers.include_object(obj, name, type_, reflected, compare_to)


def test_migrations_match_the_models(fresh_database_url):
    engine = open_database(fresh_database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": _ours})
        assert compare_metadata(context, Base.metadata) == []


def test_opening_twice_is_harmless(fresh_database_url):
    open_database(fresh_database_url)
    open_database(fresh_database_url)
