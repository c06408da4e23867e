"""Which unit a statistics row is about: a GSO code, an agency code, or a name matched like the boundaries are.

Names go through etl.match_units.UnitMatcher (the same keys as the boundary ETL: Tam Đàn ≠ Tam Dân); agencies
(sở, ban, ngành) are matched by code or by the same name key within their province.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bandotheche import DATA_DIR
from bandotheche.codes import GSO_CODE_WIDTH, agency_code, gso_code
from bandotheche.errors import InputError, UnknownUnitError

from .match_units import UnitMatcher
from .names import ascii_fold, name_key, normalize_name
from .official_units import UnitList, load_unit_list

AGENCY_FILES = sorted(DATA_DIR.glob("agencies_*.csv"))
AGENCY_COLUMNS = ["code", "province_code", "name", "name_en", "kind", "source"]
# What report exports write in a "Cấp" (level) column, folded to ASCII keys.
LEVEL_WORDS = {
    "tinh": "province", "captinh": "province", "province": "province",
    "huyen": "district", "caphuyen": "district", "district": "district", "quan": "district", "thixa": "district",
    "xa": "commune", "capxa": "commune", "commune": "commune", "phuong": "commune", "thitran": "commune",
    "so": "agency", "sobannganh": "agency", "so,ban,nganh": "agency", "agency": "agency", "bannganh": "agency",
    "coquan": "agency", "songanh": "agency",
}
CODE_LEVEL = {width: level for level, width in GSO_CODE_WIDTH.items()}


@dataclass(frozen=True)
class StatUnit:
    code: str
    name: str
    level: str  # province, district, commune, agency
    province_code: str
    district_code: str | None  # a district's own code, a commune's district; None for provinces and agencies


def read_agencies(paths: list[Path] | None = None) -> pd.DataFrame:
    """The shipped lists of agencies (data/agencies_*.csv), one frame indexed by code, codes checked."""
    rows = []
    for path in paths if paths is not None else AGENCY_FILES:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row, agency in enumerate(csv.DictReader(handle), start=2):
                agency["code"] = agency_code(agency.get("code"), file=path, row=row, column="code")
                agency["province_code"] = gso_code(agency.get("province_code"), "province", file=path, row=row,
                                                   column="province_code")
                rows.append(agency)
    frame = pd.DataFrame(rows, columns=AGENCY_COLUMNS)
    frame["name"] = frame["name"].map(normalize_name)
    return frame.set_index("code", drop=False)


def level_of(text: str) -> str | None:
    key = ascii_fold(str(text)).lower().replace(" ", "").replace("-", "").replace(".", "")
    return LEVEL_WORDS.get(key) or LEVEL_WORDS.get(key.replace(",", ""))


class StatUnitResolver:
    """Resolves (code, name, level, parent name) to a StatUnit or a reason; every answer is cached."""

    def __init__(self, unit_list: UnitList | None = None, agencies: pd.DataFrame | None = None):
        self.units = unit_list or load_unit_list()
        self.matcher = UnitMatcher(self.units)
        self.agencies = read_agencies() if agencies is None else agencies
        self._agency_keys = {(a.province_code, name_key(a.name)): a.code for a in self.agencies.itertuples()}
        self._cache: dict[tuple, StatUnit | str] = {}

    def province_code(self, name_or_code: str) -> str:
        return self.units.resolve_province(name_or_code)["code"]

    def unit(self, code: str) -> StatUnit:
        if code in self.agencies.index:
            agency = self.agencies.loc[code]
            return StatUnit(code, agency["name"], "agency", agency["province_code"], None)
        row = self.units.units.loc[code]
        district = code if row.level == "district" else (row.parent_code if row.level == "commune" else None)
        return StatUnit(code, row["name"], row.level, row.province_code, district)

    def resolve(self, code: str = "", name: str = "", level: str = "", parent: str = "",
                province_code: str | None = None) -> StatUnit | str:
        """A StatUnit, or the reason none was found (a sentence for the rejection report)."""
        key = (code, name, level, parent, province_code)
        if key not in self._cache:
            self._cache[key] = self._resolve(*key)
        return self._cache[key]

    def _resolve(self, code, name, level_text, parent, province_code) -> StatUnit | str:
        level = level_of(level_text) if level_text else None
        if level_text and level is None:
            return f"level '{level_text}' not understood: write Tỉnh, Huyện, Xã or Sở, ban, ngành"
        if code:
            return self._by_code(code.strip(), level, name)
        if not name:
            return "neither a unit code nor a unit name"
        if level is None:
            return "a unit given by name needs its level (column 'Cấp': Tỉnh, Huyện, Xã or Sở, ban, ngành)"
        if not province_code:
            return "a unit given by name needs its province (column 'Tỉnh' or the --province option)"
        if level == "province":
            try:
                return self.unit(self.province_code(name))
            except UnknownUnitError as exc:
                return str(exc)
        if level == "agency":
            found = self._agency_keys.get((province_code, name_key(name)))
            return self.unit(found) if found else (
                f"no agency named '{name}' in the list of agencies of province {province_code} "
                f"(data/agencies_*.csv); use its code, e.g. {province_code}.SNV")
        if level == "district":
            match = self.matcher.match(name, "district", province_code)
            return self.unit(match.code) if match.code else match.reason
        if not parent:
            return "a commune given by name needs its district (column 'Đơn vị cấp trên')"
        district = self.matcher.match(parent, "district", province_code)
        if not district.code:
            return district.reason
        match = self.matcher.match(name, "commune", district.code)
        return self.unit(match.code) if match.code else match.reason

    def _by_code(self, code: str, level: str | None, name: str) -> StatUnit | str:
        if code in self.agencies.index:
            unit = self.unit(code)
        else:
            try:
                digits = gso_code(code, None if level == "agency" else level)
            except InputError as exc:
                return f"{exc}, nor the code of a listed agency (data/agencies_*.csv)"
            level = level or CODE_LEVEL[len(digits)]
            if digits not in self.units.units.index or self.units.units.at[digits, "level"] != level:
                return f"code {digits} is not a {level} in {self.units.label}"
            unit = self.unit(digits)
        if level and unit.level != level:
            return f"code {code} is a {unit.level}, but the row says {level}"
        if name and name_key(name) != name_key(unit.name) and ascii_fold(name_key(name)) != ascii_fold(
                name_key(unit.name)):
            return f"code {unit.code} is {unit.name}, not '{name}': check the code or the name"
        return unit
