"""The web map: a Flask application serving choropleth maps, profiles, embeds, exports and a JSON API."""

from __future__ import annotations


from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, current_app, request
from flask_compress import Compress
from sqlalchemy import Engine

from bandotheche.db import open_database

from .cache import DataVersion, VersionedCache, code_fingerprint
from .i18n import request_language, translate, unit_type
from .indicators import IndicatorSource
from .responses import BuildSlots
from .settings import WebSettings


@dataclass
class WebState:
    """What every request shares: settings, the database, the indicator source and the caches."""

    settings: WebSettings
    engine: Engine
    source: IndicatorSource
    version: DataVersion
    pages: VersionedCache       # rendered pages and API answers, keyed by their parameters
    shapes: VersionedCache      # topologies per (area, level, zoom)
    builds: BuildSlots          # who may build an uncached page now (responses.render_once)


def state() -> WebState:
    return current_app.extensions["bandotheche"]


def create_app(settings: WebSettings | None = None, *, engine: Engine | None = None,
               source: IndicatorSource | None = None) -> Flask:
    """The application; settings default to ``WebSettings.load()`` (TOML file + BANDO_* environment)."""
    from .api import api
    from .cached_source import CachedIndicatorSource
    from .layers_source import LayersIndicatorSource
    from .assets import register_assets
    from .pages import pages
    from .web_errors import register_error_handlers

    settings = settings or WebSettings.load()
    # Never migrates (`bandotheche db upgrade` does) and touches nothing until the first request, so a worker starts
    # whatever the state of the database; a schema behind the code answers 503 (DataVersion checks it).
    engine = engine or open_database(settings.database_url, migrate=False,
                                     connect_timeout=settings.database_connect_timeout,
                                     statement_timeout=settings.database_statement_timeout)
    app = Flask(__name__, static_folder=None)
    app.json.ensure_ascii = False
    app.config.update(COMPRESS_MIMETYPES=["text/html", "text/css", "application/javascript", "text/javascript",
                                          "application/json", "application/geo+json", "image/svg+xml", "text/csv"],
                      COMPRESS_ALGORITHM=["gzip"], JSON_SORT_KEYS=False)
    version = DataVersion(engine, settings.data_check_seconds, code_fingerprint(Path(__file__).parent))
    values = VersionedCache(version, 4096)
    rollups = VersionedCache(version, 256)  # per province and period: every measure rolled up (layers.values)
    app.extensions["bandotheche"] = WebState(
        settings=settings, engine=engine, version=version,
        source=CachedIndicatorSource(source or LayersIndicatorSource(engine, memo=rollups), values),
        pages=VersionedCache(version, settings.page_cache_size, weigh=lambda rendered: len(rendered.body),
                             max_weight=settings.page_cache_megabytes * 2**20),
        shapes=VersionedCache(version, 64, boundaries_only=True), builds=BuildSlots(settings.build_slots, settings.build_queue))
    Compress(app)
    register_assets(app)
    app.register_blueprint(pages)
    app.register_blueprint(api)
    register_error_handlers(app)

    @app.after_request
    def framing_policy(response):
        """Only /embed pages may be framed by the configured origins; every other page only by the app itself."""
        if "Content-Security-Policy" not in response.headers and response.mimetype == "text/html":
            response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
        return response

    @app.context_processor
    def interface_text():
        language = request_language()
        args = request.args.to_dict()
        if language == "vi":
            args["lang"] = "en"
        else:
            args.pop("lang", None)
        toggle = request.path + ("?" + urlencode(args) if args else "")
        return {"lang": language, "t": lambda key, **values: translate(key, language, **values),
                "language_url": toggle, "unit_type": unit_type}

    return app
