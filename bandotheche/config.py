"""Settings, read once from the environment (``BANDO_*``) and overridable by CLI options."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from . import PROJECT_ROOT

GADM_URL = "https://geodata.ucdavis.edu/gadm/gadm4.1/json/gadm41_VNM_3.json.zip"
GADM_SHA256 = "0566f41ae178afa686150e384674bb359d5325d32f8c96189048e2eb4e2fb231"


def _xdg(var: str, fallback: str) -> Path:
    return Path(os.environ.get(var) or Path.home() / fallback)


@dataclass(frozen=True)
class Settings:
    """Everything the CLI and the web app need to know about their surroundings."""

    database_url: str
    data_home: Path
    cache_dir: Path
    gadm_dir: Path | None
    gadm_url: str
    gadm_sha256: str | None

    @classmethod
    def from_env(cls, env: os._Environ | dict | None = None) -> "Settings":
        env = os.environ if env is None else env
        data_home = Path(env.get("BANDO_HOME") or _xdg("XDG_DATA_HOME", ".local/share") / "bandotheche")
        cache_dir = Path(env.get("BANDO_CACHE_DIR") or _xdg("XDG_CACHE_HOME", ".cache") / "bandotheche")
        gadm_dir = env.get("BANDO_GADM_DIR")
        return cls(
            database_url=env.get("BANDO_DATABASE_URL") or f"sqlite:///{data_home / 'bandotheche.sqlite'}",
            data_home=data_home,
            cache_dir=cache_dir,
            gadm_dir=Path(gadm_dir) if gadm_dir else None,
            gadm_url=env.get("BANDO_GADM_URL") or GADM_URL,
            # An empty BANDO_GADM_SHA256 disables the check (for a mirror serving another release).
            gadm_sha256=env.get("BANDO_GADM_SHA256", GADM_SHA256) or None,
        )

    def with_database(self, url: str | None) -> "Settings":
        return replace(self, database_url=url) if url else self


def default_shared_gadm_dir() -> Path:
    """Where the development machines keep a local copy of GADM (``../shared/data`` from the project root)."""
    return PROJECT_ROOT.parent / "shared" / "data"
