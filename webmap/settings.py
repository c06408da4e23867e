"""Web settings: a TOML file (``BANDO_WEB_CONFIG``) overridden by ``BANDO_*`` environment variables, read once."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from bandotheche.config import Settings
from bandotheche.errors import InputError

ENV_PREFIX = "BANDO_"


@dataclass(frozen=True)
class WebSettings:
    """What the web app needs beyond the database: map defaults, basemap, embedding policy, caches."""

    database_url: str
    default_province: str = "49"          # GSO code of the province "/" opens (49 = Quảng Nam)
    default_indicator: str = "dossier_ontime_rate"
    tile_url: str = ""                    # empty: no basemap, nothing leaves the server's origin
    tile_attribution: str = ""
    embed_origins: str = "'self'"         # CSP frame-ancestors for /embed pages, e.g. "'self' https://*.gov.vn"
    page_cache_size: int = 512            # rendered pages kept in memory per process
    page_cache_megabytes: int = 256       # ... and at most this much of their bodies (exports can be large)
    data_check_seconds: float = 5.0       # how often to look whether the data changed (cache invalidation)
    database_connect_timeout: float = 5.0     # seconds to wait for a PostgreSQL connection
    database_statement_timeout: float = 30.0  # seconds one PostgreSQL statement may run
    export_max_pixels: int = 36_000_000   # largest PNG export, width × height (6000 × 6000; A4 at 600 dpi)
    warm_paths: tuple[str, ...] = ("/map/{province}", "/map/{province}?level=commune", "/unit/{province}")
    build_slots: int = 1                  # uncached pages built at once per worker (CPU-bound: one per core)
    build_queue: int = 2                  # ... and waiting for a slot; the worker's other threads serve cached pages
    build_wait_seconds: float = 30.0      # how long an uncached page waits for a slot before a 503 "busy"
    site_title: str = "Bản đồ thể chế"

    @classmethod
    def load(cls, env: os._Environ | dict | None = None, config_file: str | Path | None = None) -> "WebSettings":
        """Defaults, then the TOML file (``config_file`` or ``BANDO_WEB_CONFIG``), then ``BANDO_*`` variables."""
        env = os.environ if env is None else env
        values: dict = {"database_url": Settings.from_env(env).database_url}
        path = config_file or env.get(f"{ENV_PREFIX}WEB_CONFIG")
        if path:
            values.update(_read_toml(Path(path)))
        for spec in fields(cls):
            raw = env.get(ENV_PREFIX + spec.name.upper())
            if raw is not None:
                values[spec.name] = _coerce(raw, spec.type, ENV_PREFIX + spec.name.upper())
        return cls(**values)

    def with_overrides(self, **changes) -> "WebSettings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _read_toml(path: Path) -> dict:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: web configuration file not found (set BANDO_WEB_CONFIG to an existing file)")
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc}); fix the line named")
    section = data.get("web", data)
    known = {f.name: f for f in fields(WebSettings)}
    unknown = sorted(set(section) - set(known))
    if unknown:
        raise InputError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return {name: _coerce(value, known[name].type, f"{path}: {name}") for name, value in section.items()}


def _coerce(value, type_name: str, where: str):
    try:
        if type_name == "int":
            return int(value)
        if type_name == "float":
            return float(value)
    except (TypeError, ValueError):
        raise InputError(f"{where}: {value!r} is not a number")
    if type_name.startswith("tuple"):  # a TOML list, or comma-separated in an environment variable
        items = value.split(",") if isinstance(value, str) else value
        return tuple(str(item).strip() for item in items if str(item).strip())
    return str(value)
