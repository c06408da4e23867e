"""Rendered answers are compressed on demand: each encoding once, the first time a client accepts it, and every
encoding decodes to the same body with the same ETag."""

from __future__ import annotations

import gzip

import brotli


def cached_entries(app):
    cache = app.extensions["bandotheche"].pages
    return {key: value for key, (value, _weight) in cache._entries.items()}


def test_each_encoding_made_when_first_asked_and_equal_to_the_body(client, app):
    url = "/map/512?indicator=dossier_received&period=2021-07"
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    [rendered] = [r for key, r in cached_entries(app).items() if key[0] == "map" and "2021-07" in repr(key)]
    assert rendered.encoded == {}  # nothing compressed for a client that takes the plain body
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip" and set(rendered.encoded) == {"gzip"}
    squeezed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert squeezed.headers["Content-Encoding"] == "br" and set(rendered.encoded) == {"gzip", "br"}
    assert gzip.decompress(zipped.data) == brotli.decompress(squeezed.data) == plain.data
    assert plain.headers["ETag"] == zipped.headers["ETag"] == squeezed.headers["ETag"]
    assert len(squeezed.data) < len(zipped.data) < len(plain.data)
