"""Bytes a browser receives for a map, measured in headless Chromium, and how far the served geometry strays.

Every response is counted as sent on the wire (compressed size). Only loopback is reachable: anything else the
page asks for is blocked (and listed). The naive Folium page is counted as its HTML gzipped at level 6 (its
scripts come from CDNs and are not counted), the same way Flask-Compress would send it.
"""

from __future__ import annotations

import gzip
import json
import math
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import geopandas as gpd
import numpy as np
import shapely

from .bench_web import ENDPOINTS
from .servers import build_database, cli_has, free_port, naive_command, production_command, serving

COMMUNE_PAGE = ENDPOINTS[1][1]
COUNTRY_PAGE = "/map/VN?level=commune"
TARGET_RATIO = 0.5
TARGET_COUNTRY_BYTES = 1_000_000
CHROMIUM = "/usr/bin/chromium"
ASSET_TYPES = {"script", "stylesheet", "font", "image"}
EARTH_METRES_PER_PIXEL_Z0 = 156_543.03392  # Web Mercator, 256-pixel tiles, at the equator


@dataclass
class PageLoad:
    bytes_by_kind: dict[str, int] = field(default_factory=dict)
    blocked: list[str] = field(default_factory=list)
    features: list[dict] = field(default_factory=list)
    zoom: float | None = None

    @property
    def page_and_data(self) -> int:
        return sum(n for kind, n in self.bytes_by_kind.items() if kind not in ASSET_TYPES)

    @property
    def assets(self) -> int:
        return sum(n for kind, n in self.bytes_by_kind.items() if kind in ASSET_TYPES)


def load_in_browser(url: str) -> PageLoad:
    from playwright.sync_api import sync_playwright

    result = PageLoad()
    responses = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})

        def only_loopback(route):
            if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
                return route.continue_()
            result.blocked.append(route.request.url)
            return route.abort()

        page.route("**/*", only_loopback)
        page.on("response", lambda response: responses.append(response))
        page.goto(url, wait_until="networkidle", timeout=60_000)
        result.zoom = page.evaluate("""() => {
            const maps = Object.keys(window).filter(k => k.startsWith('map_') && window[k] && window[k].getZoom);
            return maps.length ? window[maps[0]].getZoom() : null; }""")
        for response in responses:
            request = response.request
            kind = request.resource_type
            result.bytes_by_kind[kind] = result.bytes_by_kind.get(kind, 0) + request.sizes()["responseBodySize"]
            if kind in ("fetch", "xhr") and "json" in response.headers.get("content-type", ""):
                result.features += _features(json.loads(response.body()))
        browser.close()
    return result


def _features(document) -> list[dict]:
    if isinstance(document, dict) and document.get("type") == "FeatureCollection":
        return document["features"]
    if isinstance(document, dict) and document.get("type") == "Topology":
        return []  # TopoJSON: geometry check needs decoding; bytes are still counted
    return []


def geometry_displacement_px(features: list[dict], database_url: str, zoom: float) -> tuple[float, float, int]:
    """Median and largest Hausdorff distance, in screen pixels at zoom, between served and full geometry."""
    from bandotheche.db import open_database
    from bandotheche.db.unit_queries import read_units

    served = gpd.GeoDataFrame.from_features(features, crs=4326)
    code_column = next(c for c in ("code", "ma", "unit_code") if c in served.columns)
    full = read_units(open_database(database_url), codes=list(served[code_column].astype(str)))
    joined = served.merge(full[["code", "geometry"]], left_on=served[code_column].astype(str), right_on="code",
                          suffixes=("_served", "_full"))
    centre = full.union_all().centroid
    crs = f"+proj=tmerc +lon_0={centre.x:.4f} +datum=WGS84 +units=m +no_defs"
    a = gpd.GeoSeries(joined["geometry_served"], crs=4326).to_crs(crs).to_numpy()
    b = gpd.GeoSeries(joined["geometry_full"], crs=4326).to_crs(crs).to_numpy()
    metres = shapely.hausdorff_distance(a, b)
    metres_per_px = EARTH_METRES_PER_PIXEL_Z0 * math.cos(math.radians(centre.y)) / 2 ** zoom
    pixels = metres / metres_per_px
    return float(np.median(pixels)), float(pixels.max()), len(pixels)


def naive_page_gzipped(work_dir: Path) -> tuple[int, int]:
    port = free_port()
    with serving("naive-bytes", naive_command(port), port, work_dir) as base:
        with urllib.request.urlopen(base + "/", timeout=60) as response:
            html = response.read()
    return len(html), len(gzip.compress(html, compresslevel=6))


def run(work_dir: Path, *, database_url: str | None = None, page: str = COMMUNE_PAGE) -> list[str]:
    raw, naive = naive_page_gzipped(work_dir)
    lines = ["Bytes for Quảng Nam's commune map (compressed, as sent), headless Chromium, loopback only:",
             f"  naive Folium page: {raw / 1024:7.1f} KB HTML, {naive / 1024:6.1f} KB gzipped (CDN scripts not counted)"]
    if not cli_has("serve"):
        return lines + ["  production page: `bandotheche serve` does not exist yet"]
    database_url = database_url or build_database(work_dir)
    port = free_port()
    with serving("production-bytes", production_command(database_url, port), port, work_dir,
                 ready_path=page) as base:
        load = load_in_browser(base + page)
    lines += _describe(load, page)
    ratio = load.page_and_data / naive
    lines.append(f"  page + data / naive: {ratio:.0%}; target ≤ {TARGET_RATIO:.0%}: "
                 f"{'met' if ratio <= TARGET_RATIO else 'MISSED'}")
    lines += _displacement(load, database_url)
    return lines


def run_country(work_dir: Path, *, page: str = COUNTRY_PAGE) -> list[str]:
    lines = [f"Bytes for all of Vietnam's communes at country zoom ({page}):"]
    if not cli_has("serve"):
        return lines + ["  `bandotheche serve` does not exist yet"]
    database_url = build_database(work_dir, whole_country=True)
    port = free_port()
    with serving("production-country", production_command(database_url, port), port, work_dir,
                 ready_path=page, timeout=300) as base:
        load = load_in_browser(base + page)
    lines += _describe(load, page)
    lines.append(f"  target < {TARGET_COUNTRY_BYTES / 1e6:.0f} MB: "
                 f"{'met' if load.page_and_data < TARGET_COUNTRY_BYTES else 'MISSED'}")
    lines += _displacement(load, database_url)
    return lines


def _describe(load: PageLoad, page: str) -> list[str]:
    kinds = ", ".join(f"{kind} {n / 1024:.1f} KB" for kind, n in sorted(load.bytes_by_kind.items()))
    lines = [f"  production {page}: page + data {load.page_and_data / 1024:7.1f} KB "
             f"(static assets, cached after the first visit: {load.assets / 1024:.1f} KB)",
             f"    by kind: {kinds}"]
    if load.blocked:
        lines.append(f"    blocked non-loopback requests: {len(load.blocked)} (e.g. {load.blocked[0]})")
    return lines


def _displacement(load: PageLoad, database_url: str) -> list[str]:
    if load.zoom is None or not load.features:
        return ["  geometry check: no Leaflet map or no GeoJSON response found on the page"]
    median, worst, n = geometry_displacement_px(load.features, database_url, load.zoom)
    return [f"  served geometry vs full resolution at zoom {load.zoom:g}: Hausdorff distance median {median:.2f} px, "
            f"max {worst:.2f} px over {n} units (≤ 1 px: no visible loss)"]
