"""The web tests run on the embedded back end only; here the same demo database on PostGIS answers exactly the same:
values, ranks, flags and changes, units, a profile page and the import log."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from bandotheche import DATA_DIR
from bandotheche.cli import cli
from webmap import create_app

from .conftest import BACKENDS
from .test_web_pages import QUANG_NAM, TAM_KY
from .web_helpers import run_cli

pytestmark = pytest.mark.skipif("postgis" not in BACKENDS, reason="BANDO_TEST_BACKENDS excludes postgis")

INDICATORS = ("dossier_ontime_rate", "dossier_received", "index766_total", "investment_disbursement_rate")
PERIODS = ("2022-06", "2022-Q2", "2022")  # a month, a quarter, a year
VALUES = [f"/api/values/{QUANG_NAM}?indicator={indicator}&period={period}&level={level}"
          for indicator in INDICATORS for period in PERIODS for level in ("district", "commune")] + [
    f"/api/values/{QUANG_NAM}?indicator=ddci&period=2022&compare=2021",  # an evaluation index of districts
    "/api/values/VN?indicator=pci_rank&period=2021",                      # and of provinces (the real 2021 ranks)
    f"/api/values/{TAM_KY}?indicator=dossier_ontime_rate&period=2022-Q2&compare=2021-Q2",
]
UNITS = [f"/api/units/{QUANG_NAM}", f"/api/units/{TAM_KY}", f"/api/units?province={QUANG_NAM}&level=commune"]


@pytest.fixture(scope="module")
def postgis_client(app, postgis_demo_url):
    """The web tests' app (same settings) over the PostGIS copy of the demo database."""
    settings = app.extensions["bandotheche"].settings.with_overrides(database_url=postgis_demo_url)
    postgis_app = create_app(settings)
    postgis_app.config["TESTING"] = True
    yield postgis_app.test_client()
    postgis_app.extensions["bandotheche"].engine.dispose()


def answers(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.data[:300])
    return response.data


@pytest.mark.parametrize("url", VALUES)
def test_values_ranks_flags_and_changes_are_the_same(client, postgis_client, url):
    embedded = answers(client, url)
    assert b'"rank":1,' in embedded  # a ranked answer, not an empty one
    assert answers(postgis_client, url) == embedded


@pytest.mark.parametrize("url", UNITS)
def test_units_are_the_same(client, postgis_client, url):
    assert answers(postgis_client, url) == answers(client, url)


def test_a_profile_page_is_the_same(client, postgis_client):
    url = f"/unit/{TAM_KY}?period=2022-Q2"
    assert answers(postgis_client, url).decode() == answers(client, url).decode()


def test_the_import_log_is_the_same(demo_url, postgis_demo_url):
    def batches(url: str) -> list[str]:  # the time of each import is the only difference allowed
        lines = run_cli(url, "etl", "batches").splitlines()
        return [re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", "TIME", line) for line in lines]

    embedded = batches(demo_url)
    assert len(embedded) == 2 and all("0 rejected" in line for line in embedded)
    assert batches(postgis_demo_url) == embedded


def test_a_reimport_counts_the_values_it_replaced(fresh_database_url):
    """psycopg 3 forgets the rowcount of INSERT … SELECT unless asked to keep it: PostGIS once logged -1 replaced
    per period."""
    def imported() -> tuple[int, int]:
        result = CliRunner().invoke(cli, ["--database", fresh_database_url, "etl", "stats",
                                          str(DATA_DIR / "templates" / "dossiers.csv")], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        counts = re.search(r"(\d+) values written .*, (-?\d+) earlier values replaced", result.output)
        return int(counts[1]), int(counts[2])

    written, replaced = imported()
    assert replaced == 0 and written > 0
    assert imported() == (written, written)
