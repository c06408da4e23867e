"""The web map in headless Chromium against the production server: drill-down, legend, table, share dialog;
no console error and no request leaving the server's origin."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager

import pytest

from .test_web_pages import QUANG_NAM
from .web_helpers import CLI

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def production_server(database_url: str):
    port = free_port()
    process = subprocess.Popen([*CLI, "--database", database_url, "serve", "--host", "127.0.0.1",
                                "--port", str(port), "--workers", "1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "BANDO_WARM_PATHS": ""})  # the tests' own requests build pages
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            if process.poll() is not None:
                raise RuntimeError(f"server exited: {process.stderr.read()[-2000:]}")
            try:
                urllib.request.urlopen(base + "/openapi.json", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(demo_url):
    with production_server(demo_url) as base:
        yield base


@pytest.fixture
def browser_page(server):
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        seen = {"errors": [], "requests": []}
        page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
        page.on("pageerror", lambda e: seen["errors"].append(str(e)))
        page.on("request", lambda r: seen["requests"].append(r.url))
        yield page, seen
        browser.close()


def assert_clean(seen, server):
    assert seen["errors"] == []
    outside = [url for url in seen["requests"] if not url.startswith(server) and not url.startswith("data:")]
    assert outside == []


def test_province_map_click_a_district_see_its_communes(server, browser_page):
    page, seen = browser_page
    page.goto(f"{server}/map/{QUANG_NAM}")
    page.wait_for_selector("#ranking tbody tr")
    assert page.locator("#ranking tbody tr").count() == 18
    assert page.locator(".legend-rows li").count() >= 3
    paths = page.locator("path.leaflet-interactive")
    assert paths.count() == 18
    # click a district polygon (the one under the first visible label) and follow the drill-down
    box = paths.nth(0).bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#ranking tbody tr")
    code = page.url.split("/map/")[1].split("?")[0]
    assert len(code) == 3
    crumbs = page.locator(".breadcrumb li")
    assert crumbs.count() == 2 and "Quảng Nam" in crumbs.nth(0).inner_text()
    communes = page.locator("path.leaflet-interactive").count()
    assert communes == page.locator("#ranking tbody tr").count() and communes > 1
    # back up through the breadcrumb
    with page.expect_navigation():
        crumbs.nth(0).locator("a").click()
    assert page.url.split("?")[0].endswith(f"/map/{QUANG_NAM}")
    assert_clean(seen, server)


def test_tooltip_table_highlight_and_share_dialog(server, browser_page):
    page, seen = browser_page
    page.goto(f"{server}/map/{QUANG_NAM}?level=commune")
    page.wait_for_selector("#ranking tbody tr")
    first_row = page.locator("#ranking tbody tr").first
    first_row.locator("td").nth(2).click()
    assert "selected" in first_row.get_attribute("class")
    assert page.locator(".unit-tip").count() == 1
    page.locator("th[data-key=x]").click()  # sort by value
    page.locator("[data-open-share]").click()
    code = page.locator("#embed-code").input_value()
    assert code.startswith('<iframe src="') and "/embed/49?" in code
    page.locator("input[data-embed-option=legend]").uncheck()
    assert "legend=0" in page.locator("#embed-code").input_value()
    assert_clean(seen, server)


def test_english_toggle_and_phone_width(server, browser_page):
    page, seen = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}/map/{QUANG_NAM}")
    page.wait_for_selector("#ranking tbody tr")
    page.locator(".lang-toggle").click()
    page.wait_for_selector("#ranking tbody tr")
    assert "RANKING" in page.locator(".ranking h2").inner_text().upper()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scrolling
    assert_clean(seen, server)


def test_side_by_side_maps_pan_together(server, browser_page):
    page, seen = browser_page
    page.goto(f"{server}/map/{QUANG_NAM}?period=2022-Q4&compare=2022-Q1&mode=side")
    page.wait_for_function("window.BandoMaps && window.BandoMaps.length === 2")
    # both maps done fitting their bounds (a zoom animation still running would override the synced view)
    page.wait_for_function("window.BandoMaps.every(m => !m._animatingZoom)")
    before = page.evaluate("window.BandoMaps.map(m => m.getCenter().lng)")
    page.evaluate("window.BandoMaps[0].panBy([150, 0], {animate: false})")
    after = page.evaluate("window.BandoMaps.map(m => m.getCenter().lng)")
    assert after[0] > before[0] and abs(after[1] - after[0]) < 1e-6
    assert page.locator(".map-box figcaption").count() == 2
    values = page.locator("#ranking tbody tr td:nth-child(3)")
    page.locator("th[data-key=x]").click()  # one table, sorted once per click: largest first
    first, last = values.first.inner_text(), values.nth(13).inner_text()
    number = lambda text: float(text.split()[0].replace(".", "").replace(",", ".").rstrip("%"))  # noqa: E731
    assert number(first) >= number(last)
    assert_clean(seen, server)


def test_tooltips_near_the_top_open_inside_the_map(server, browser_page):
    page, seen = browser_page
    page.goto(f"{server}/map/{QUANG_NAM}")
    page.wait_for_selector("#ranking tbody tr")
    box = page.locator(".map-box .folium-map").first.bounding_box()
    shown = 0
    for fy in (0.12, 0.2, 0.8):  # the northern districts, then a southern one
        for fx in (0.4, 0.5, 0.6, 0.7):  # the first point of the row inside a district
            x, y = box["x"] + box["width"] * fx, box["y"] + box["height"] * fy
            page.mouse.move(x, y - 4)
            page.mouse.move(x, y, steps=2)
            tip = page.locator(".unit-tip")
            if tip.count() and tip.first.is_visible():
                rect = tip.first.bounding_box()
                assert box["y"] <= rect["y"] and rect["y"] + rect["height"] <= box["y"] + box["height"] + 1, (fy, rect)
                shown += 1
                break
        page.mouse.move(box["x"] - 20, box["y"] - 20)
    assert shown == 3
    assert_clean(seen, server)
