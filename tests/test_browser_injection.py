"""Hostile codes and names in the database (written there directly, past the import checks) are shown as text on
every page: the map's table, tooltips, labels, title, share dialog, the agencies table and the unit profile. No script
they carry runs."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from .hostile_data import hostile_copy
from .test_browser_map import assert_clean, browser_page, production_server  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser
CODE = '20999"><img src=x onerror=window.__xss=1>'
NAME = "<img src=x onerror=window.__xss=2>\"'&amp;<b>"
TYPE = "<svg onload=window.__xss=3>"
DISTRICT = 'Huyện "><img src=x onerror=window.__xss=4>'
AGENCY = "<img src=x onerror=window.__xss=5>"
DISTRICT_MAP = "/map/512?indicator=dossier_ontime_rate&period=2022-Q2"


@pytest.fixture(scope="module")
def server(demo_url, tmp_path_factory):
    commune = "(SELECT min(code) FROM admin_unit WHERE parent_code = '512' AND level = 'commune')"
    url = hostile_copy(demo_url, tmp_path_factory.mktemp("hostile_web"), [
        (f"UPDATE admin_unit SET code = :code, name = :name, full_name = :name, type = :type WHERE code = {commune}",
         {"code": CODE, "name": NAME, "type": TYPE}),
        ("UPDATE admin_unit SET full_name = :name WHERE code = '512'", {"name": DISTRICT}),
        ("UPDATE agency SET name = :name WHERE code = '49.STP'", {"name": AGENCY}),
    ])
    with production_server(url) as base:
        yield base


def assert_inert(page, seen, server):
    assert page.evaluate("window.__xss") is None
    assert page.locator("[onerror], [onload]").count() == 0  # no element was made from the hostile text
    assert [u for u in seen["requests"] if u.endswith("/x")] == []  # no <img src=x> was ever created
    assert_clean(seen, server)


def test_district_map_shows_hostile_text_as_text(server, browser_page):  # noqa: F811
    page, seen = browser_page
    page.goto(server + DISTRICT_MAP)
    page.wait_for_selector("#ranking tbody tr")
    assert CODE in page.locator("#ranking tbody tr").evaluate_all("rows => rows.map(r => r.dataset.code)")
    row = page.locator("#ranking tbody tr").filter(has=page.get_by_text(NAME, exact=True))
    assert row.locator("td").nth(1).inner_text() == NAME
    assert row.locator("a").get_attribute("href").startswith(f"/unit/{quote(CODE, safe='')}?")
    row.locator("td").nth(2).click()  # selects the unit: its tooltip opens
    tip = page.locator(".unit-tip")
    assert tip.locator(".tip-name").inner_text() == NAME and tip.locator(".tip-type").inner_text() == TYPE
    page.evaluate("window.BandoMaps[0].setZoom(14, {animate: false})")  # room for the long label
    labels = page.locator(".unit-label span").evaluate_all("spans => spans.map(s => s.textContent)")
    assert NAME in labels
    assert DISTRICT in page.locator("h1.map-title").inner_text()
    page.locator("[data-open-share]").click()
    embed = page.locator("#embed-code").input_value()
    parsed = page.evaluate("code => [...new DOMParser().parseFromString(code, 'text/html').body.children]"
                           ".map(e => [e.tagName, e.getAttribute('title')])", embed)
    assert parsed == [["IFRAME", page.locator("#embed-code").get_attribute("data-title")]]
    assert DISTRICT in parsed[0][1]
    assert_inert(page, seen, server)


def test_profile_and_agencies_show_hostile_text_as_text(server, browser_page):  # noqa: F811
    page, seen = browser_page
    page.goto(f"{server}/unit/{quote(CODE, safe='')}")
    assert page.locator("h1.map-title").inner_text() == NAME
    page.goto(f"{server}/map/49?indicator=dossier_ontime_rate&period=2022-Q2")
    page.wait_for_selector("#ranking tbody tr")
    assert AGENCY in page.locator(".agencies td").all_inner_texts()
    assert_inert(page, seen, server)


def test_payload_keeps_the_hostile_code_inside_its_script(server):
    import urllib.request

    html = urllib.request.urlopen(server + DISTRICT_MAP).read().decode("utf-8")
    assert CODE not in html and NAME not in html  # escaped in the HTML and in the script's JSON
    assert json.dumps(CODE)[1:-1].replace("<", "\\u003c").replace(">", "\\u003e") in html
