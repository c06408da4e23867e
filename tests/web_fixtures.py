"""Fixtures of the web tests (registered once in conftest.py): the demo database, the app, a client."""

from __future__ import annotations

import pytest

from webmap import create_app
from webmap.settings import WebSettings

from .web_helpers import build_demo_database


@pytest.fixture(scope="session")
def demo_url(backend, tmp_path_factory, request, gadm_path):
    """Quảng Nam with the demo statistics, built by `bandotheche demo --no-serve` once per back end, in a database
    of its own (the session database belongs to the ETL tests, which count what they load)."""
    if backend == "spatialite":
        url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'demo.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_databases").create()
    return build_demo_database(url, gadm_path)


@pytest.fixture(scope="session")
def app(demo_url):
    app = create_app(WebSettings(database_url=demo_url, embed_origins="'self' https://example.gov.vn"))
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()
