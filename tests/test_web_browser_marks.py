"""What headless Chromium draws on a district map: the district's thick outline is its boundary only (no stroke
inside the district: the ETL merges digitising slivers and the topology keeps real holes), and negative changes
carry the minus sign with a down arrow in the table and tooltips."""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
import shapely

from webmap.topology import build_topology

from .test_browser_map import assert_clean, browser_page, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser
HIEP_DUC = "/map/512?indicator=index766_total&period=2022-Q2&scheme=quantiles"
OUTLINE_STROKE = "#1a1a1a"  # static/map.js: the area's outline layer


def test_district_outline_is_one_ring(server, browser_page):  # noqa: F811
    page, seen = browser_page
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(server + HIEP_DUC)
    page.wait_for_selector("#ranking tbody tr")
    outlines = page.locator(f'path[stroke="{OUTLINE_STROKE}"]')
    assert outlines.count() == 1
    rings = re.findall(r"M", outlines.first.get_attribute("d"))
    assert len(rings) == 1  # a sliver hole would add a ring, drawn as a short thick stroke inside the district
    assert page.locator("path.leaflet-interactive").count() == 11
    assert_clean(seen, server)


def test_negative_changes_read_with_minus_sign_and_down_arrow(server, browser_page):  # noqa: F811
    page, seen = browser_page
    page.goto(server + HIEP_DUC)
    page.wait_for_selector("#ranking tbody tr")
    changes = page.locator("#ranking tbody td:last-child span").all_inner_texts()
    down = [c for c in changes if c.startswith("▼")]
    assert down and all(re.fullmatch(r"▼ −\d+,\d\d", c) for c in down), changes
    assert all(re.fullmatch(r"(▲ \+|■ )[\d,]+", c) for c in changes if not c.startswith("▼")), changes
    row = page.locator("#ranking tbody tr", has=page.locator("span", has_text="▼")).first
    row.locator("td").nth(1).hover()
    row.locator("td").nth(2).click()
    tip = page.locator(".unit-tip .tip-change").inner_text()
    assert tip.startswith("▼ −") and "-" not in tip.split(" ")[1], tip
    page.goto(server + "/map/49?indicator=dossier_ontime_rate&period=2022-Q2")  # changes that round to 0,0
    page.wait_for_selector("#ranking tbody tr")
    flat = page.locator("#ranking tbody td:last-child span", has_text="■")
    assert flat.count() >= 1 and flat.first.inner_text() == "■ 0,0"
    assert all(flat.nth(i).get_attribute("class") == "" for i in range(flat.count()))  # neither better nor worse
    assert_clean(seen, server)


def test_topology_keeps_an_enclave_hole():
    """A small enclave (another unit's territory) stays a hole of the unit around it, however small at the zoom:
    dropping it would lay the outer unit over the enclave."""
    outer = shapely.box(0, 0, 0.1, 0.1).difference(shapely.box(0.05, 0.05, 0.055, 0.055))
    enclave = shapely.box(0.05, 0.05, 0.055, 0.055)
    topology = build_topology({"units": gpd.GeoDataFrame(geometry=[outer, enclave], crs=4326)}, zoom=9)
    polygons = [g["arcs"] for g in topology["objects"]["units"]["geometries"]]
    assert len(polygons[0]) == 2 and len(polygons[1]) == 1  # outer: exterior ring + hole; enclave: one ring
