"""The official list of administrative units with GSO codes: from the vietnam-provinces package or a GSO list file."""

from __future__ import annotations

import importlib.metadata
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bandotheche.codes import GSO_CODE_WIDTH as CODE_WIDTH
from bandotheche.codes import check_column, gso_code
from bandotheche.errors import InputError, UnknownUnitError

from .names import ascii_fold, name_key, normalize_name

COLUMNS = ["code", "name", "full_name", "type", "level", "parent_code", "province_code"]
# Columns of the list that the GSO publishes (danhmuchanhchinh.gso.gov.vn, "Xuất Excel"), one row per commune.
GSO_COLUMNS = {"Tỉnh / Thành Phố": "province", "Mã TP": "province_code", "Quận Huyện": "district",
               "Mã QH": "district_code", "Phường Xã": "commune", "Mã PX": "commune_code"}


@dataclass(frozen=True)
class UnitList:
    """One vintage of the official units: a frame with COLUMNS, indexed by code, and where it came from."""

    units: pd.DataFrame
    label: str

    def children(self, parent_code: str) -> pd.DataFrame:
        return self.units[self.units.parent_code == parent_code]

    def resolve_province(self, name_or_code: str) -> pd.Series:
        """A province by GSO code ('49'), name with or without diacritics or type ('Quảng Nam', 'quang nam')."""
        provinces = self.units[self.units.level == "province"]
        text = str(name_or_code).strip()
        if text.isdigit():
            code = text.zfill(CODE_WIDTH["province"])
            if code in provinces.index:
                return provinces.loc[code]
        else:
            for key_of in (name_key, lambda s: ascii_fold(name_key(s))):
                found = provinces[provinces.name.map(key_of) == key_of(text)]
                if len(found) == 1:
                    return found.iloc[0]
        raise UnknownUnitError(f"unknown province {name_or_code!r}: give a GSO code (e.g. 49) or a name "
                               f"(e.g. 'Quảng Nam'); `bandotheche units export --level province` lists them")


def _split_type(full_name: str, division_type: str) -> tuple[str, str]:
    """('Thành phố Tam Kỳ', 'thành phố') → ('Tam Kỳ', 'Thành phố'); numbered wards keep the word ('Phường 1')."""
    full_name = normalize_name(full_name)
    unit_type = division_type[:1].upper() + division_type[1:]
    rest = full_name[len(unit_type):].strip() if full_name.lower().startswith(division_type.lower()) else full_name
    return (full_name if not rest or rest.isdigit() else rest), unit_type


def _frame(rows: list[dict], label: str) -> UnitList:
    frame = pd.DataFrame(rows, columns=COLUMNS).set_index("code", drop=False)
    duplicated = frame.index[frame.index.duplicated()]
    if len(duplicated):
        raise InputError(f"{label}: duplicate unit codes {sorted(set(duplicated))[:5]}")
    return UnitList(frame, label)


def _package_unit_list() -> UnitList:
    import vietnam_provinces

    rows = []
    for province in json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8")):
        p_code = str(province["code"]).zfill(2)
        rows.append(_row(province, "province", p_code, None, p_code))
        for district in province["districts"]:
            d_code = str(district["code"]).zfill(3)
            rows.append(_row(district, "district", d_code, p_code, p_code))
            for ward in district["wards"]:
                rows.append(_row(ward, "commune", str(ward["code"]).zfill(5), d_code, p_code))
    version = importlib.metadata.version("vietnam-provinces")
    return _frame(rows, f"vietnam-provinces {version} (data {vietnam_provinces.__data_version__})")


def _row(unit: dict, level: str, code: str, parent_code: str | None, province_code: str) -> dict:
    # The package calls the five centrally-run cities "thành phố trung ương"; their names say "Thành phố".
    name, unit_type = _split_type(unit["name"], unit["division_type"].removesuffix(" trung ương"))
    return {"code": code, "name": name, "full_name": normalize_name(unit["name"]), "type": unit_type,
            "level": level, "parent_code": parent_code, "province_code": province_code}


_TYPES = ("Thành phố", "Thị trấn", "Thị xã", "Huyện", "Quận", "Phường", "Tỉnh", "Xã")


def _type_of(full_name: str) -> str:
    for unit_type in _TYPES:
        if full_name.lower().startswith(unit_type.lower() + " "):
            return unit_type
    raise InputError(f"cannot tell the type of unit {full_name!r}: the name must start with one of {', '.join(_TYPES)}")


def _gso_unit_list(path: Path) -> UnitList:
    """Read the GSO's flat list (CSV or XLSX, one row per commune)."""
    try:
        table = pd.read_excel(path, dtype=str) if path.suffix.lower() in (".xlsx", ".xls") else pd.read_csv(
            path, dtype=str, encoding="utf-8-sig")
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read the unit list ({exc})") from exc
    missing = [c for c in GSO_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(f"{path}: missing columns {missing}; a GSO list has the columns {list(GSO_COLUMNS)}")
    table = table.rename(columns=GSO_COLUMNS)
    headers = {column: header for header, column in GSO_COLUMNS.items()}
    for level in CODE_WIDTH:
        column = f"{level}_code"
        table[column] = check_column(table[column], gso_code, file=path, column=headers[column], level=level)
    table = table.dropna(subset=["commune_code"])
    rows: dict[str, dict] = {}
    for level, parent in (("province", None), ("district", "province"), ("commune", "district")):
        for rec in table.drop_duplicates(f"{level}_code").itertuples():
            full = normalize_name(getattr(rec, level))
            unit_type = _type_of(full)
            name, _ = _split_type(full, unit_type)
            code = getattr(rec, f"{level}_code")
            rows[code] = {"code": code, "name": name, "full_name": full, "type": unit_type, "level": level,
                          "parent_code": getattr(rec, f"{parent}_code") if parent else None,
                          "province_code": rec.province_code}
    return _frame(list(rows.values()), f"GSO list {path.name}")


def load_unit_list(path: str | Path | None = None) -> UnitList:
    """The official units: the installed vietnam-provinces package, or a GSO list file when a path is given."""
    if path is None:
        return _package_unit_list()
    path = Path(path)
    if not path.exists():
        raise InputError(f"unit list {path} not found")
    return _gso_unit_list(path)
