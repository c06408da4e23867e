"""One number, one rank and one flag per unit on every output: `values export`, /api/values, the map payload and
the profile, for every indicator at every level a map offers it, over months, quarters and years of the demo."""

from __future__ import annotations

import csv
import io
import re

import pytest
from click.testing import CliRunner

from bandotheche.cli import cli
from layers.catalogue import default_catalogue
from webmap.figures import value_text

from .web_helpers import payloads

QUANG_NAM, PHU_NINH, TAM_DAN = "49", "518", "20374"
PERIODS = ("2022-06", "2022-Q2", "2022")
MAPS = {"district": QUANG_NAM, "commune": QUANG_NAM, "province": "VN"}  # the map that shows each level
CASES = [(indicator.id, level, PERIODS[n % len(PERIODS)])
         for n, indicator in enumerate(default_catalogue().indicators.values())
         for level in MAPS if level in indicator.levels]


def cli_table(demo_url: str, indicator: str, period: str, level: str) -> dict[str, tuple]:
    args = ["--database", demo_url, "values", "export", "--indicator", indicator, "--period", period, "--level", level]
    result = CliRunner().invoke(cli, args + ([] if level == "province" else ["--province", QUANG_NAM]))
    assert result.exit_code == 0, result.output
    rows = csv.DictReader(io.StringIO(result.stdout))
    return {r["code"]: (float(r["value"]) if r["value"] else None, int(r["rank"]) if r["rank"] else None,
                        r["few"] == "True") for r in rows}


def api_table(client, code: str, indicator: str, period: str, level: str) -> dict[str, tuple]:
    data = client.get(f"/api/values/{code}?indicator={indicator}&period={period}&level={level}").get_json()
    return {r["code"]: (r["value"], r["rank"], r["unreliable"]) for r in data["values"]}


def map_table(client, code: str, indicator: str, period: str, level: str) -> dict[str, tuple]:
    html = client.get(f"/map/{code}?indicator={indicator}&period={period}&level={level}").get_data(as_text=True)
    return {u["c"]: (u.get("x"), u.get("r"), bool(u.get("u"))) for u in payloads(html)[0]["units"]}


@pytest.mark.parametrize("indicator, level, period", CASES, ids=[f"{i}-{lvl}-{p}" for i, lvl, p in CASES])
def test_export_api_and_map_agree(client, demo_url, indicator, level, period):
    code = MAPS[level]
    api = api_table(client, code, indicator, period, level)
    assert api == map_table(client, code, indicator, period, level)
    exported = cli_table(demo_url, indicator, period, level)
    assert {c: exported[c] for c in api} == api
    if any(value is not None for value, _, _ in api.values()):
        assert any(rank is not None for _, rank, _ in api.values())  # every indicator is ranked, direction or not


PROFILE_ROW = re.compile(r'<tr data-indicator="([^"]+)" data-period="([^"]+)"( class="unreliable")?>.*?'
                         r'<strong>([^<]*)</strong>.*?<td class="num">([^<]*)</td>', re.S)


@pytest.mark.parametrize("unit, parent, level", [(PHU_NINH, QUANG_NAM, "district"), (TAM_DAN, PHU_NINH, "commune")])
def test_the_profile_shows_what_its_parents_map_shows(client, unit, parent, level):
    html = client.get(f"/unit/{unit}?period=2022-Q2").get_data(as_text=True)
    rows = PROFILE_ROW.findall(html)
    assert len(rows) > 20
    catalogue = default_catalogue()
    for indicator, period, unreliable, value, rank in rows:
        shown = api_table(client, parent, indicator, period, level)
        ranked = sum(r is not None for _, r, _ in shown.values())
        expected_value, expected_rank, expected_flag = shown[unit]
        assert value == value_text(expected_value, catalogue.get(indicator), "vi"), indicator
        assert rank == (f"{expected_rank}/{ranked}" if expected_rank is not None else "–"), indicator
        assert bool(unreliable) == expected_flag, indicator
