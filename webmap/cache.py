"""In-process caches that follow the data: entries are dropped when the database's data version changes."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path

from sqlalchemy import Engine, text

from bandotheche.db.engine import check_schema
from bandotheche.errors import DatabaseError

# Tables whose newest row id tells whether loaded data changed (imports only ever add rows or replace sets); the
# first two change only with boundaries.
VERSION_TABLES = ("boundary_set", "boundary_import", "stat_batch")
BOUNDARY_TABLES = VERSION_TABLES[:2]


class DataVersion:
    """A short token that changes whenever an import changes the data (looked up at most every ``ttl`` seconds)
    or the application's code does (``code``: fixed for the process), so that ETags never outlive either.

    A database that cannot be used (gone, hung, schema behind the code) raises its DatabaseError from ``current``;
    the failure is remembered for ``ttl`` seconds like a version, so a dead or hung database costs one look per ttl,
    not a wait in every request, and one thread looks while the others go on with what was last seen.
    """

    def __init__(self, engine: Engine, ttl: float, code: str = ""):
        self.engine, self.ttl, self.code = engine, ttl, code
        self._lock = threading.Lock()
        self._value, self._boundaries, self._checked = "", "", -float("inf")
        self._failure: DatabaseError | None = None

    def current(self) -> str:
        looked = self._checked > -float("inf")
        if time.monotonic() - self._checked >= self.ttl and self._lock.acquire(blocking=not looked):
            try:
                if time.monotonic() - self._checked >= self.ttl:
                    self._look()
            finally:
                self._lock.release()
        if self._failure is not None:
            raise type(self._failure)(*self._failure.args)  # a fresh exception per request
        return self._value

    def boundaries(self) -> str:
        """The part of the token that changes only with boundary imports (and the code)."""
        self.current()
        return self._boundaries

    def _look(self) -> None:
        try:
            parts = self._read()
            self._value = f"{self.code}|" + ";".join(parts.values())
            self._boundaries = f"{self.code}|" + ";".join(parts[t] for t in BOUNDARY_TABLES)
            self._failure = None
        except DatabaseError as failure:
            self._failure = failure
        self._checked = time.monotonic()

    def _read(self) -> dict[str, str]:
        parts = " UNION ALL ".join(f"SELECT '{t}', COALESCE(MAX(id), 0), COUNT(*) FROM {t}" for t in VERSION_TABLES)
        with self.engine.connect() as conn:
            check_schema(conn)
            return {name: f"{name}:{top}:{count}" for name, top, count in conn.execute(text(parts))}


class VersionedCache:
    """A bounded LRU mapping whose entries belong to one data version: at most ``size`` entries and, with ``weigh``,
    at most ``max_weight`` of weigh(value) in all (a value heavier than that alone is returned, not kept). With
    ``boundaries_only`` the entries outlive statistics imports (outlines, topologies)."""

    def __init__(self, version: DataVersion, size: int, *, weigh: Callable[[object], int] | None = None,
                 max_weight: int = 0, boundaries_only: bool = False):
        self.version, self.size, self.weigh, self.max_weight = version, size, weigh, max_weight
        self._version_of = version.boundaries if boundaries_only else version.current
        self._entries: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()  # key: (value, weight)
        self._weight = 0
        self._lock = threading.Lock()
        self._entries_version = ""

    def get(self, key: Hashable, build: Callable[[], object]):
        return self.get_many([key], lambda missing: {key: build()})[key]

    def get_many(self, keys: list[Hashable], build_missing: Callable[[list], dict]) -> dict:
        """{key: value} for keys; those not cached are built by one call of build_missing(missing keys)."""
        version = self._version_of()
        with self._lock:
            if version != self._entries_version:
                self._entries.clear()
                self._weight = 0
                self._entries_version = version
            found = {key: self._entries[key][0] for key in keys if key in self._entries}
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
            if version != self._entries_version:
                return
            for key, value in values.items():
                weight = self.weigh(value) if self.weigh else 0
                if weight > self.max_weight:
                    continue
                if key in self._entries:
                    self._weight -= self._entries.pop(key)[1]
                self._entries[key] = (value, weight)
                self._weight += weight
            while len(self._entries) > self.size or self._weight > self.max_weight:
                self._weight -= self._entries.popitem(last=False)[1][1]


def code_fingerprint(folder: Path) -> str:
    """A hash of the web app's own files (code, templates, scripts, styles): changes with every deployment."""
    digest = hashlib.sha1()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
