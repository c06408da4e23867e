"""In-process caches that follow the data: entries are dropped when the database's data version changes."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path

from sqlalchemy import Engine, inspect, text

# Tables whose newest row id tells whether loaded data changed (imports only ever add rows or replace sets).
VERSION_TABLES = ("boundary_set", "boundary_import", "stat_batch")


class DataVersion:
    """A short token that changes whenever an import changes the data (looked up at most every ``ttl`` seconds)
    or the application's code does (``code``: fixed for the process), so that ETags never outlive either."""

    def __init__(self, engine: Engine, ttl: float, code: str = ""):
        self.engine, self.ttl, self.code = engine, ttl, code
        self._lock = threading.Lock()
        self._value, self._checked = "", -float("inf")
        self._tables: tuple[str, ...] | None = None

    def current(self) -> str:
        now = time.monotonic()
        if now - self._checked < self.ttl:
            return self._value
        with self._lock:
            if now - self._checked >= self.ttl:
                self._value, self._checked = f"{self.code}|{self._read()}", now
        return self._value

    def _read(self) -> str:
        if self._tables is None:
            present = set(inspect(self.engine).get_table_names())
            self._tables = tuple(t for t in VERSION_TABLES if t in present)
        if not self._tables:
            return "empty"
        parts = " UNION ALL ".join(f"SELECT '{t}', COALESCE(MAX(id), 0), COUNT(*) FROM {t}" for t in self._tables)
        with self.engine.connect() as conn:
            return ";".join(f"{name}:{top}:{count}" for name, top, count in conn.execute(text(parts)))


class VersionedCache:
    """A bounded LRU mapping whose entries belong to one data version."""

    def __init__(self, version: DataVersion, size: int):
        self.version, self.size = version, size
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self._entries_version = ""

    def get(self, key: Hashable, build: Callable[[], object]):
        return self.get_many([key], lambda missing: {key: build()})[key]

    def get_many(self, keys: list[Hashable], build_missing: Callable[[list], dict]) -> dict:
        """{key: value} for keys; those not cached are built by one call of build_missing(missing keys)."""
        version = self.version.current()
        with self._lock:
            if version != self._entries_version:
                self._entries.clear()
                self._entries_version = version
            found = {key: self._entries[key] for key in keys if key in self._entries}
            for key in found:
                self._entries.move_to_end(key)
        missing = [key for key in keys if key not in found]
        if missing:
            built = build_missing(missing)  # outside the lock: slow builds of different keys run in parallel
            self._store(version, built)
            found.update(built)
        return {key: found[key] for key in keys}

    def _store(self, version: str, values: dict) -> None:
        with self._lock:
            if version == self._entries_version:
                self._entries.update(values)
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)


def code_fingerprint(folder: Path) -> str:
    """A hash of the web app's own files (code, templates, scripts, styles): changes with every deployment."""
    digest = hashlib.sha1()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
