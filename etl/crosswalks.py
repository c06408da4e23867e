"""Crosswalks between unit vintages: which old units (by GSO code and name) became which new unit."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bandotheche import DATA_DIR
from bandotheche.codes import gso_code
from bandotheche.errors import InputError

from .names import normalize_name
from .official_units import UnitList

COLUMNS = ["old_code", "old_name", "old_type", "old_parent_code", "new_code", "new_name", "new_type",
           "legal_basis", "effective_date"]
CODE_COLUMNS = ("old_code", "old_parent_code", "new_code")
SHIPPED_DIR = DATA_DIR / "crosswalks"


@dataclass(frozen=True)
class Crosswalk:
    name: str
    entries: pd.DataFrame
    checksum: str


def shipped_crosswalk_paths() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.csv"))


def read_crosswalk(path: Path, unit_list: UnitList) -> Crosswalk:
    """Read and check a crosswalk file: every new code must be in the official list, old codes unique."""
    if not path.exists():
        raise InputError(f"crosswalk {path} not found")
    raw = path.read_bytes()
    try:
        entries = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read as a UTF-8 CSV ({exc})") from exc
    missing = [c for c in COLUMNS if c not in entries.columns]
    if missing:
        raise InputError(f"{path}: missing columns {missing}; a crosswalk has the columns {','.join(COLUMNS)}")
    for row, entry in enumerate(entries.itertuples(index=False), start=2):
        for column in ("old_code", "old_name", "old_parent_code", "new_code"):
            if not getattr(entry, column).strip():
                raise InputError(f"{path}, row {row}: column {column} is empty")
        for column in CODE_COLUMNS:
            gso_code(getattr(entry, column), file=path, row=row, column=column)
        if entry.new_code not in unit_list.units.index:
            raise InputError(f"{path}, row {row}: new_code {entry.new_code} ({entry.new_name}) is not in the "
                             f"official list {unit_list.label}; fix the code or use the list of that vintage")
    duplicated = entries.old_code[entries.old_code.duplicated()]
    if len(duplicated):
        raise InputError(f"{path}: old_code {duplicated.iloc[0]} appears twice; each old unit goes to one new unit")
    entries["old_name"] = entries.old_name.map(normalize_name)
    entries["effective_date"] = pd.to_datetime(entries.effective_date, errors="coerce").dt.date
    return Crosswalk(path.stem, entries[COLUMNS], hashlib.sha256(raw).hexdigest())
