"""Bản đồ thể chế: the institutional map of a Vietnamese province."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
