"""Fixtures of the web tests (registered once in conftest.py): the demo database, the app, a client."""

from __future__ import annotations

import pytest

from webmap import create_app
from webmap.settings import WebSettings

from .web_helpers import build_demo_database


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory, gadm_path):
    """Quảng Nam with the demo statistics, built by `bandotheche demo --no-serve` in an embedded database of its
    own. Web tests run once, on the embedded back end: what differs between back ends is tested where the database
    is the subject (tests/test_backends_agree.py, the ETL and database tests)."""
    return build_demo_database(f"sqlite:///{tmp_path_factory.mktemp('web') / 'demo.sqlite'}", gadm_path)


@pytest.fixture(scope="session")
def postgis_demo_url(postgres_databases, gadm_path):
    """The same demo database on PostGIS."""
    return build_demo_database(postgres_databases.create(), gadm_path)


@pytest.fixture(scope="session")
def app(demo_url):
    app = create_app(WebSettings(database_url=demo_url, embed_origins="'self' https://example.gov.vn"))
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()
