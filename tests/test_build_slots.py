"""Uncached pages share a few build slots per worker: a burst of slow first renders (profiles, exports) cannot take
every thread, so cached pages keep answering; a page that waits too long for a slot gets a 503 "busy"."""

from __future__ import annotations

from webmap import create_app
from webmap.settings import WebSettings


def test_a_page_waiting_for_a_slot_gets_busy_while_cached_pages_answer(demo_url):
    app = create_app(WebSettings(database_url=demo_url, build_slots=1, build_wait_seconds=0.05))
    client = app.test_client()
    assert client.get("/map/49").status_code == 200  # built and cached
    slots = app.extensions["bandotheche"].builds
    assert slots.acquire(timeout=1)  # another thread is building a slow page
    try:
        assert client.get("/map/49").status_code == 200  # cached: no slot needed
        busy = client.get("/unit/512?period=2022-Q2")
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
        assert "Máy chủ đang bận" in busy.get_data(as_text=True)
        api = client.get("/api/values/49?indicator=dossier_received&lang=en")
        assert api.status_code == 503 and "busy" in api.get_json()["error"]["message"]
    finally:
        slots.release()
    assert client.get("/unit/512?period=2022-Q2").status_code == 200
