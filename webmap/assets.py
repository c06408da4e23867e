"""Browser files served by the app itself: Leaflet from its pip-installed XStatic package (no CDN, works offline)
and the app's own CSS/JS, each kept compressed in memory with an ETag."""

from __future__ import annotations

import mimetypes
from pathlib import Path

import xstatic.pkg.leaflet as leaflet
from flask import Blueprint, Flask, abort, url_for
from werkzeug.security import safe_join

from . import state
from .responses import render_once

# name -> (version, folder); the version is part of the URL, so browsers may keep the files for a year.
PACKAGES = {"leaflet": (leaflet.VERSION, leaflet.BASE_DIR)}
OWN_FOLDER = Path(__file__).parent / "static"
ONE_YEAR = 365 * 24 * 3600
ONE_HOUR = 3600

assets = Blueprint("assets", __name__, url_prefix="/assets")


def _file_response(folder: str | Path, filename: str, max_age: int):
    path = safe_join(str(folder), filename)
    if path is None or not Path(path).is_file():
        abort(404)
    mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return render_once(state().pages, ("file", path), lambda: (Path(path).read_bytes(), mimetype), max_age=max_age)


@assets.get("/<package>/<version>/<path:filename>")
def vendor_file(package: str, version: str, filename: str):
    found = PACKAGES.get(package)
    if found is None or found[0] != version:
        abort(404)
    response = _file_response(found[1], filename, ONE_YEAR)
    response.cache_control.immutable = True
    return response


def own_file(filename: str):
    return _file_response(OWN_FOLDER, filename, ONE_HOUR)


def register_assets(app: Flask) -> None:
    app.register_blueprint(assets)
    app.add_url_rule("/static/<path:filename>", endpoint="static", view_func=own_file)


def vendor_url(package: str, filename: str) -> str:
    """URL of a vendor file, e.g. ``vendor_url("leaflet", "leaflet.js")``."""
    return url_for("assets.vendor_file", package=package, version=PACKAGES[package][0], filename=filename)
