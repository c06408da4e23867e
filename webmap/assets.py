"""Third-party browser files served by the app itself from pip-installed XStatic packages: no CDN, works offline."""

from __future__ import annotations

from flask import Blueprint, abort, send_from_directory, url_for
import xstatic.pkg.leaflet as leaflet

# name -> (version, folder); the version is part of the URL, so browsers may cache the files for a year.
PACKAGES = {"leaflet": (leaflet.VERSION, leaflet.BASE_DIR)}
ONE_YEAR = 365 * 24 * 3600

assets = Blueprint("assets", __name__, url_prefix="/assets")


@assets.get("/<package>/<version>/<path:filename>")
def vendor_file(package: str, version: str, filename: str):
    found = PACKAGES.get(package)
    if found is None or found[0] != version:
        abort(404)
    response = send_from_directory(found[1], filename, max_age=ONE_YEAR)
    response.cache_control.immutable = True
    return response


def vendor_url(package: str, filename: str) -> str:
    """URL of a vendor file, e.g. ``vendor_url("leaflet", "leaflet.js")``."""
    return url_for("assets.vendor_file", package=package, version=PACKAGES[package][0], filename=filename)
