"""Fixtures' workhorses for the web tests: a real database (Quảng Nam from GADM + demo statistics), the app."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

CLI = [str(Path(sys.executable).parent / "bandotheche")]


def run_cli(database_url: str, *args: str) -> None:
    result = subprocess.run([*CLI, "--database", database_url, *args], capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"bandotheche {' '.join(args)} failed:\n{result.stderr[-3000:]}")


def build_demo_database(database_url: str, gadm_path: Path) -> str:
    """Quảng Nam's boundaries from the GADM file and the demo statistics, through the real CLI."""
    run_cli(database_url, "etl", "boundaries", "--province", "Quảng Nam", "--source", str(gadm_path), "-q")
    run_cli(database_url, "etl", "demo")
    return database_url


def payloads(html: str) -> list[dict]:
    """The data each map of a page was drawn from (the argument of Bando.choropleth)."""
    found = re.findall(r"Bando\.choropleth\(map_[0-9a-f]+, (\{.*?\})\);", html, flags=re.S)
    return [json.loads(text) for text in found]
