"""Exports cannot stall the server: a PNG over the pixel budget is refused in the reader's language, and identical
export requests are served from the page cache (which also bounds the bytes it keeps)."""

from __future__ import annotations

import pytest

import webmap.export
from webmap import create_app
from webmap.cache import VersionedCache
from webmap.settings import WebSettings

QUANG_NAM = "49"


@pytest.fixture
def fresh_app(app, demo_url):
    """The demo app's engine with empty caches."""
    def make(**settings):
        new = create_app(WebSettings(database_url=demo_url, **settings), engine=app.extensions["bandotheche"].engine)
        new.config["TESTING"] = True
        return new
    return make


def test_a_png_over_the_pixel_budget_is_refused_in_the_readers_language(client):
    vietnamese = client.get(f"/export/{QUANG_NAM}.png?dpi=1200")  # 7560 × 5670 pixels by default
    assert vietnamese.status_code == 400
    assert "42.865.200 điểm ảnh" in vietnamese.get_data(as_text=True)
    english = client.get(f"/export/{QUANG_NAM}.png?width=12000&height=12000&lang=en")
    assert english.status_code == 400 and "144,000,000 pixels" in english.get_data(as_text=True)


def test_the_pixel_budget_is_a_setting(fresh_app):
    client = fresh_app(export_max_pixels=500_000).test_client()
    assert client.get(f"/export/{QUANG_NAM}.png?width=800&height=600&dpi=100").status_code == 200
    assert client.get(f"/export/{QUANG_NAM}.png?width=1000&height=600&dpi=100").status_code == 400


def test_identical_exports_come_from_the_page_cache(fresh_app, monkeypatch):
    drawn = []
    render_figure = webmap.export.render_figure
    monkeypatch.setattr(webmap.export, "render_figure", lambda *a, **k: drawn.append(a) or render_figure(*a, **k))
    client = fresh_app().test_client()
    url = f"/export/{QUANG_NAM}.png?width=800&height=600&dpi=100"
    first, second = client.get(url), client.get(url, headers={"Accept-Encoding": "gzip"})
    assert len(drawn) == 1
    assert first.status_code == second.status_code == 200 and first.data == second.data
    assert second.headers["ETag"] == first.headers["ETag"] and "Content-Encoding" not in second.headers  # a PNG
    assert second.headers["Content-Disposition"].startswith('attachment; filename="49_')
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert client.get(url.replace("dpi=100", "dpi=120")).status_code == 200 and len(drawn) == 2
    table = client.get(f"/export/{QUANG_NAM}.csv", headers={"Accept-Encoding": "gzip"})
    assert table.headers["Content-Encoding"] == "gzip" and "attachment" in table.headers["Content-Disposition"]


class FixedVersion:
    def current(self) -> str:
        return "v"


def test_the_cache_keeps_at_most_its_weight():
    cache, built = VersionedCache(FixedVersion(), 10, weigh=len, max_weight=10), []

    def get(key: str, size: int) -> bytes:
        return cache.get(key, lambda: built.append(key) or b"x" * size)

    for key in "abc":  # c pushes a out
        get(key, 5)
    get("c", 5), get("b", 5)
    assert get("big", 11) == b"x" * 11 and get("big", 11)  # returned, never kept
    get("c", 5), get("b", 5)  # the oversized value pushed nothing out
    assert built == ["a", "b", "c", "big", "big"]
    get("a", 5)
    assert built[-1] == "a"
