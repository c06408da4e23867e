"""Uncached pages share a few build slots per worker: a burst of slow first renders (profiles, exports) cannot take
every thread, so cached pages keep answering; a page that waits too long for a slot gets a 503 "busy"."""

from __future__ import annotations

from webmap import create_app
from webmap.settings import WebSettings


def test_a_page_waiting_for_a_slot_gets_busy_while_cached_pages_answer(demo_url):
    app = create_app(WebSettings(database_url=demo_url, build_slots=1, build_queue=1, build_wait_seconds=0.05))
    client = app.test_client()
    assert client.get("/map/49").status_code == 200  # built and cached
    with app.extensions["bandotheche"].builds.slot(timeout=1):  # another thread is building a slow page
        assert client.get("/map/49").status_code == 200  # cached: no slot needed
        busy = client.get("/unit/512?period=2022-Q2")  # waits 0.05 s, then gives up
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
        assert "Máy chủ đang bận" in busy.get_data(as_text=True)
        api = client.get("/api/values/49?indicator=dossier_received&lang=en")
        assert api.status_code == 503 and "busy" in api.get_json()["error"]["message"]
    assert client.get("/unit/512?period=2022-Q2").status_code == 200


def test_a_full_queue_answers_busy_at_once():
    """Waiting threads must not take the worker's last threads from cached pages."""
    import threading

    import pytest

    from webmap.responses import BuildSlots
    from webmap.web_errors import ServerBusy

    slots, started, release = BuildSlots(1, 1), threading.Event(), threading.Event()

    def hold():
        with slots.slot(timeout=1):
            started.set()
            release.wait(5)

    def wait_in_queue():
        with slots.slot(timeout=5):
            pass

    holder, waiter = threading.Thread(target=hold), threading.Thread(target=wait_in_queue)
    holder.start()
    started.wait(5)
    waiter.start()
    while slots._waiting == 0:  # the waiter has taken the one place in the queue
        threading.Event().wait(0.01)
    with pytest.raises(ServerBusy):
        with slots.slot(timeout=5):  # no place left: busy without waiting the 5 s
            pass
    release.set()
    holder.join(5)
    waiter.join(5)


def test_a_statistics_import_keeps_the_outlines_and_drops_the_figures(demo_url, tmp_path):
    """After an import the first map render reuses the topologies (only boundary imports change them)."""
    import sqlite3

    from .web_helpers import run_cli

    copy = tmp_path / "demo.sqlite"
    with sqlite3.connect(demo_url.removeprefix("sqlite:///")) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    url = f"sqlite:///{copy}"
    app = create_app(WebSettings(database_url=url, data_check_seconds=0))
    client, web = app.test_client(), app.extensions["bandotheche"]
    assert client.get("/map/49").status_code == 200
    outlines, pages = len(web.shapes._entries), len(web.pages._entries)
    assert outlines and pages
    run_cli(url, "etl", "demo")  # a new statistics batch
    assert client.get("/map/49?level=district").status_code == 200
    assert len(web.shapes._entries) == outlines  # kept
    assert len(web.pages._entries) == 1  # the earlier page was dropped, this one built


def test_warming_renders_the_first_pages_once_per_data_version(demo_url):
    from webmap.warm import warm_once

    app = create_app(WebSettings(database_url=demo_url, warm_paths=("/map/{province}", "/unit/{province}")))
    web = app.extensions["bandotheche"]
    version = warm_once(app, None)
    assert version == web.version.current()
    assert {key[0] for key in web.pages._entries} == {"map", "profile"}
    web.pages._entries.clear()
    assert warm_once(app, version) == version and not web.pages._entries  # nothing changed: nothing rendered


def test_warm_paths_from_the_environment():
    settings = WebSettings.load({"BANDO_DATABASE_URL": "sqlite:///x.sqlite", "BANDO_WARM_PATHS": "/map/49, /map/VN"})
    assert settings.warm_paths == ("/map/49", "/map/VN")
    assert WebSettings.load({"BANDO_DATABASE_URL": "sqlite:///x.sqlite", "BANDO_WARM_PATHS": ""}).warm_paths == ()


def test_trend_charts_need_no_slot(demo_url):
    """A profile loads a trend chart per indicator: they must never fill the queue that the next page waits in."""
    app = create_app(WebSettings(database_url=demo_url, build_slots=1, build_queue=0, build_wait_seconds=0.05))
    client = app.test_client()
    with app.extensions["bandotheche"].builds.slot(timeout=1):
        chart = client.get("/trend/512.svg?indicator=dossier_ontime_rate&period=2022-Q2")
        assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
        assert client.get("/unit/512?period=2022-Q2").status_code == 503
