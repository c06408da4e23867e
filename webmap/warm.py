"""The first visitor does not wait: a daemon thread per server worker renders the most asked-for pages into the
caches when the worker starts and again after each import (``warm_paths`` setting), which also keeps the roll-ups
of their periods for every other indicator, unit and level."""

from __future__ import annotations

import threading
import time

from flask import Flask

from bandotheche.errors import DatabaseError


def warm_paths(app: Flask) -> list[str]:
    settings = app.extensions["bandotheche"].settings
    return [path.format(province=settings.default_province) for path in settings.warm_paths]


def warm_once(app: Flask, version: str | None) -> str | None:
    """Render the warm paths if the data version is not ``version``; the version they were rendered for."""
    web = app.extensions["bandotheche"]
    try:
        current = web.version.current()
    except DatabaseError:
        return version  # nothing to render from; the requests themselves say why
    if current != version:
        client = app.test_client()
        for path in warm_paths(app):
            client.get(path, headers={"Accept-Encoding": "br, gzip"})
    return current


def start_warming(app: Flask) -> threading.Thread:
    """Warm now, then look again every data_check_seconds (at least 1 s)."""
    interval = max(1.0, app.extensions["bandotheche"].settings.data_check_seconds)

    def loop() -> None:
        version = None
        while True:
            version = warm_once(app, version)
            time.sleep(interval)

    thread = threading.Thread(target=loop, name="bando-warm", daemon=True)
    thread.start()
    return thread
