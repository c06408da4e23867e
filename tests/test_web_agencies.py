"""Agencies (sở, ban, ngành) in the reader's language: the map page's side table, the API route
/api/agencies/<province>, and the values export, which carries both names."""

from __future__ import annotations

import csv
import io

import pandas as pd

from layers.map_layer import build_layer

from .test_web_pages import QUANG_NAM
from .web_helpers import run_cli

JUSTICE = ("Sở Tư pháp", "Department of Justice")


def side_table(html: str) -> str:
    start = html.index('class="agencies panel"')
    return html[start:html.index("</section>", start)]


def test_map_page_names_agencies_in_the_language(client):
    vi = side_table(client.get(f"/map/{QUANG_NAM}?indicator=dossier_ontime_rate&period=2022-Q2").get_data(as_text=True))
    en = side_table(client.get(f"/map/{QUANG_NAM}?indicator=dossier_ontime_rate&period=2022-Q2&lang=en")
                    .get_data(as_text=True))
    assert JUSTICE[0] in vi and JUSTICE[1] not in vi
    assert JUSTICE[1] in en and JUSTICE[0] not in en
    assert "Sở " not in en and "Ban " not in en  # every agency of the list has an English name


def test_agencies_api_values_ranks_and_names(client, app):
    url = f"/api/agencies/{QUANG_NAM}?indicator=dossier_ontime_rate&period=2022-Q2"
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    assert (data["province"], data["indicator"], data["period"]) == (QUANG_NAM, "dossier_ontime_rate", "2022-Q2")
    assert data["demo"] is True and data["unit"]["vi"] == "%"
    engine = app.extensions["bandotheche"].engine
    expected = build_layer(engine, "dossier_ontime_rate", "2022-Q2", "agency", province_code=QUANG_NAM).table
    assert len(data["agencies"]) == len(expected) == 23
    by_code = expected.set_index("code")
    for row in data["agencies"]:
        value, rank = by_code.at[row["code"], "value"], by_code.at[row["code"], "rank"]
        assert row["value"] == (None if value != value else value)
        assert row["rank"] == (None if rank is pd.NA else rank)
        assert row["name"] == row["name_vi"] == by_code.at[row["code"], "name"] and row["name_en"]
    ranks = [row["rank"] for row in data["agencies"] if row["rank"] is not None]
    assert len(ranks) > 10 and ranks[0] == 1 and ranks == sorted(ranks)
    assert all(row["rank"] is None for row in data["agencies"][len(ranks):])  # without a value: last
    english = client.get(url + "&lang=en").get_json()
    assert JUSTICE[1] in [row["name"] for row in english["agencies"]]
    assert [row["code"] for row in english["agencies"]] == [row["code"] for row in data["agencies"]]


def test_agencies_api_latest_etag_and_compression(client):
    url = f"/api/agencies/{QUANG_NAM}?indicator=index766_total"
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert first.status_code == 200 and first.headers["Content-Encoding"] == "gzip" and first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert client.get(url, headers={"Accept-Encoding": "br"}).headers["Content-Encoding"] == "br"
    assert client.get(url).get_json()["period"] == "2022-12"  # latest: the demo's last month


def test_agencies_api_bad_requests(client):
    assert client.get("/api/agencies/502?indicator=dossier_ontime_rate").status_code == 400  # a district
    assert client.get("/api/agencies/99?indicator=dossier_ontime_rate").status_code == 404
    assert client.get(f"/api/agencies/{QUANG_NAM}?indicator=par_index").status_code == 400  # province only
    assert client.get(f"/api/agencies/{QUANG_NAM}?indicator=nope").status_code == 404
    assert client.get(f"/api/agencies/{QUANG_NAM}?period=Q5").status_code == 400


def test_values_export_of_agencies_carries_the_english_name(demo_url):
    text = run_cli(demo_url, "values", "export", "--indicator", "dossier_received", "--period", "2022",
                   "--level", "agency", "--province", QUANG_NAM)
    table = "\n".join(line for line in text.splitlines() if not line.startswith("note: "))  # the demo note (stderr)
    rows = list(csv.DictReader(io.StringIO(table)))
    assert len(rows) == 23 and {"name", "name_en"} <= set(rows[0])
    assert JUSTICE[1] in [row["name_en"] for row in rows]
