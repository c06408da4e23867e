"""Rendered responses kept ready to send: body, compressed bodies and an ETag that is the same in every worker process."""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

import brotli
from flask import Response, current_app, request

from .cache import VersionedCache
from .web_errors import ServerBusy

GZIP_LEVEL = 9
# Quality 10 vs 11 on the commune map of Quảng Nam: 22.9 vs 22.3 KB, 35 vs 99 ms (paid once per cached page,
# and only if a client asks): a third of the first-render cost for 3 % more bytes.
BROTLI_QUALITY = 10
ENCODERS = {"br": lambda body: brotli.compress(body, quality=BROTLI_QUALITY),
            "gzip": lambda body: gzip.compress(body, GZIP_LEVEL, mtime=0)}


@dataclass(frozen=True)
class Rendered:
    """A response body with its ETag; each compressed form is made the first time a client accepts it, then kept."""

    body: bytes
    etag: str
    mimetype: str
    max_age: int
    headers: dict[str, str] = field(default_factory=dict)
    encoded: dict[str, bytes] = field(default_factory=dict)

    def encoding(self, name: str) -> bytes:
        if name not in self.encoded:  # two threads may both compress once: the same bytes, no harm
            self.encoded[name] = ENCODERS[name](self.body)
        return self.encoded[name]


class BuildSlots:
    """Uncached pages are built ``slots`` at a time per worker, with at most ``queue`` more waiting for a slot: the
    worker's other threads stay free for cached pages, which a burst of first renders would otherwise starve."""

    def __init__(self, slots: int, queue: int):
        self._slots, self._queue = threading.BoundedSemaphore(max(1, slots)), max(0, queue)
        self._waiting, self._lock = 0, threading.Lock()

    @contextmanager
    def slot(self, timeout: float):
        """Hold a slot while building; ServerBusy when the queue is full or no slot came free within timeout."""
        if not self._slots.acquire(blocking=False):
            with self._lock:
                if self._waiting >= self._queue:
                    raise ServerBusy()
                self._waiting += 1
            try:
                acquired = self._slots.acquire(timeout=timeout)
            finally:
                with self._lock:
                    self._waiting -= 1
            if not acquired:
                raise ServerBusy()
        try:
            yield
        finally:
            self._slots.release()


def render_once(cache: VersionedCache, key: tuple, build: Callable[[], tuple], *, max_age: int = 60,
                slotted: bool = True) -> Response:
    """The response for key from cache (built on first use), honouring If-None-Match and Accept-Encoding.
    build() gives (body, mimetype) or (body, mimetype, {header: value}). A ``slotted`` build takes a build slot;
    the small images a page loads beside it (trend charts) do not, so that they never make the next page busy."""
    def make() -> Rendered:
        web = current_app.extensions["bandotheche"]
        with web.builds.slot(web.settings.build_wait_seconds) if slotted else nullcontext():
            body, mimetype, *headers = build()
        body = body.encode("utf-8") if isinstance(body, str) else body
        etag = hashlib.sha1(repr((key, cache.version.current())).encode()).hexdigest()[:20]
        return Rendered(body, etag, mimetype, max_age, *headers)

    rendered: Rendered = cache.get(key, make)
    return send_rendered(rendered)


def send_rendered(rendered: Rendered) -> Response:
    if rendered.etag in request.if_none_match:
        response = Response(status=304)
    else:
        compressible = rendered.mimetype.split(";")[0] in current_app.config["COMPRESS_MIMETYPES"]
        accepted = next((name for name in ENCODERS if compressible and name in request.accept_encodings), None)
        response = Response(rendered.encoding(accepted) if accepted else rendered.body, mimetype=rendered.mimetype)
        if accepted:
            response.headers["Content-Encoding"] = accepted
    response.headers.update(rendered.headers)
    response.set_etag(rendered.etag)
    response.headers["Vary"] = "Accept-Encoding"
    response.cache_control.public = True
    response.cache_control.max_age = rendered.max_age
    return response
