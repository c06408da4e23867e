"""Rendered responses kept ready to send: body, gzip body and an ETag that is the same in every worker process."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import brotli
from flask import Response, request

from .cache import VersionedCache

GZIP_LEVEL = 9
BROTLI_QUALITY = 11  # slow (about 0.1 s for a commune map) but paid once per cached page


@dataclass(frozen=True)
class Rendered:
    body: bytes
    gzipped: bytes
    brotli: bytes
    etag: str
    mimetype: str
    max_age: int


def render_once(cache: VersionedCache, key: tuple, build: Callable[[], tuple[bytes | str, str]], *,
                max_age: int = 60) -> Response:
    """The response for key from cache (built on first use), honouring If-None-Match and Accept-Encoding."""
    def make() -> Rendered:
        body, mimetype = build()
        body = body.encode("utf-8") if isinstance(body, str) else body
        etag = hashlib.sha1(repr((key, cache.version.current())).encode()).hexdigest()[:20]
        return Rendered(body, gzip.compress(body, GZIP_LEVEL, mtime=0), brotli.compress(body, quality=BROTLI_QUALITY),
                        etag, mimetype, max_age)

    rendered: Rendered = cache.get(key, make)
    return send_rendered(rendered)


def send_rendered(rendered: Rendered) -> Response:
    if rendered.etag in request.if_none_match:
        response = Response(status=304)
    elif "br" in request.accept_encodings:
        response = Response(rendered.brotli, mimetype=rendered.mimetype)
        response.headers["Content-Encoding"] = "br"
    elif "gzip" in request.accept_encodings:
        response = Response(rendered.gzipped, mimetype=rendered.mimetype)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(rendered.body, mimetype=rendered.mimetype)
    response.set_etag(rendered.etag)
    response.headers["Vary"] = "Accept-Encoding"
    response.cache_control.public = True
    response.cache_control.max_age = rendered.max_age
    return response
