"""Fixtures' workhorses for the web tests: a real database (Quảng Nam from GADM + demo statistics), the app."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

CLI = [str(Path(sys.executable).parent / "bandotheche")]


def run_cli(database_url: str, *args: str, env: dict | None = None) -> str:
    result = subprocess.run([*CLI, "--database", database_url, *args], capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    if result.returncode:
        raise RuntimeError(f"bandotheche {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout + result.stderr


def build_demo_database(database_url: str, gadm_path: Path) -> str:
    """What `bandotheche demo` builds (Quảng Nam's boundaries from the GADM copy + the demo statistics), through
    the real command, without serving."""
    output = run_cli(database_url, "demo", "--no-serve", env={"BANDO_GADM_DIR": str(gadm_path.parent)})
    assert "18 districts" in output and "DEMO DATA" in output, output[-2000:]
    return database_url


def payloads(html: str) -> list[dict]:
    """The data each map of a page was drawn from (the argument of Bando.choropleth)."""
    found = re.findall(r"Bando\.choropleth\(map_[0-9a-f]+, (\{.*?\})\);", html, flags=re.S)
    return [json.loads(text) for text in found]
