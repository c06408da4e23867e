"""Match names (or codes) from a source to the official units, within their parent, never guessing."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from .crosswalks import Crosswalk
from .names import ascii_fold, name_key
from .official_units import CODE_WIDTH, UnitList

LEVEL_LABEL = {"province": "province", "district": "district", "commune": "commune"}


@dataclass(frozen=True)
class Match:
    code: str | None
    reason: str = ""
    old_code: str | None = None  # the old unit, when the match went through a crosswalk


class UnitMatcher:
    """Looks names up by key among the children of a parent, then among the old units of the crosswalks."""

    def __init__(self, unit_list: UnitList, crosswalks: list[Crosswalk] = ()):
        self.unit_list = unit_list
        self._by_key: dict[tuple, list[str]] = defaultdict(list)
        for unit in unit_list.units.itertuples(index=False):
            parent = unit.parent_code if isinstance(unit.parent_code, str) else None
            self._by_key[(unit.level, parent, name_key(unit.name))].append(unit.code)
        self._old_by_key: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
        self._old_by_code: dict[str, str] = {}
        for crosswalk in crosswalks:
            for entry in crosswalk.entries.itertuples(index=False):
                self._old_by_key[(entry.old_parent_code, name_key(entry.old_name))].append(
                    (entry.old_code, entry.new_code))
                self._old_by_code[entry.old_code] = entry.new_code

    def match(self, name: str, level: str, parent_code: str | None = None) -> Match:
        key = name_key(name)
        found = self._by_key.get((level, parent_code, key), [])
        if len(found) == 1:
            return Match(found[0])
        if len(found) > 1:
            return Match(None, f"ambiguous: '{name}' names {len(found)} official units ({', '.join(found)})")
        old = self._old_by_key.get((parent_code, key), [])
        if len(old) == 1:
            return Match(old[0][1], old_code=old[0][0])
        if len(old) > 1:
            return Match(None, f"ambiguous: '{name}' names {len(old)} old units in the crosswalks")
        return Match(None, self._explain_miss(name, level, parent_code))

    def match_code(self, code: str, level: str) -> Match:
        code = str(code).strip().zfill(CODE_WIDTH[level])
        units = self.unit_list.units
        if code in units.index and units.at[code, "level"] == level:
            return Match(code)
        if code in self._old_by_code:
            return Match(self._old_by_code[code], old_code=code)
        return Match(None, f"code {code} is not a {level} in {self.unit_list.label} nor an old unit of a crosswalk")

    def _explain_miss(self, name: str, level: str, parent_code: str | None) -> str:
        siblings = self.unit_list.units[(self.unit_list.units.level == level)
                                        & (self.unit_list.units.parent_code.fillna("") == (parent_code or ""))]
        where = f" in {self.unit_list.units.at[parent_code, 'full_name']}" if parent_code else ""
        reason = f"no official {LEVEL_LABEL[level]} named '{name}'{where}"
        folded = ascii_fold(name_key(name))
        same_letters = [n for n in siblings.name if ascii_fold(name_key(n)) == folded]
        if same_letters:
            return f"{reason}; '{same_letters[0]}' differs only by diacritics (a different unit: not merged)"
        close = difflib.get_close_matches(name_key(name), [name_key(n) for n in siblings.name], n=1, cutoff=0.75)
        if close:
            closest = siblings.name[[name_key(n) == close[0] for n in siblings.name]].iloc[0]
            return f"{reason}; closest official name '{closest}' (not merged: add a crosswalk row if it is the same unit)"
        return reason + " (merged, split or renamed? add a crosswalk row)"


@dataclass
class MatchReport:
    features: int = 0
    matched: int = 0
    via_crosswalk: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.features} features read, {self.matched} matched to official communes "
               f"({len(self.via_crosswalk)} through a crosswalk), {len(self.unmatched)} unmatched; "
               f"{len(self.missing)} official units have no boundary in this source"]
        out += [f"  crosswalk: {line}" for line in self.via_crosswalk]
        out += [f"  unmatched: {line}" for line in self.unmatched]
        out += [f"  no boundary: {line}" for line in self.missing]
        return out


def match_features(features: pd.DataFrame, matcher: UnitMatcher) -> tuple[pd.DataFrame, MatchReport]:
    """Assign province_code, district_code and commune_code (None where unmatched) to every feature."""
    report = MatchReport(features=len(features))
    codes = {level: [None] * len(features) for level in CODE_WIDTH}
    cache: dict[tuple, Match] = {}

    def lookup(level: str, value: str, parent: str | None, by_code: bool) -> Match:
        key = (level, value, parent, by_code)
        if key not in cache:
            cache[key] = matcher.match_code(value, level) if by_code else matcher.match(value, level, parent)
        return cache[key]

    for i, feature in enumerate(features.itertuples(index=False)):
        parent = None
        label = []
        for level in CODE_WIDTH:
            code_value = getattr(feature, f"{level}_code", None)
            name_value = getattr(feature, level, None)
            if code_value is None and name_value is None:
                continue  # a source without this level above the commune: the commune code alone places it
            by_code = code_value is not None
            label.append(str(code_value if by_code else name_value))
            match = lookup(level, code_value if by_code else name_value, parent, by_code)
            if match.code is None:
                report.unmatched.append(f"{' / '.join(label)}: {match.reason}")
                break
            if level == "commune" and match.old_code:
                new = matcher.unit_list.units.loc[match.code]
                report.via_crosswalk.append(f"{' / '.join(label)} (old code {match.old_code}) → "
                                            f"{new.full_name} ({match.code})")
            codes[level][i] = parent = match.code
        if codes["commune"][i]:
            report.matched += 1
    located = _fill_parents(pd.DataFrame(codes, index=features.index), matcher.unit_list)
    return located, report


def _fill_parents(codes: pd.DataFrame, unit_list: UnitList) -> pd.DataFrame:
    """Sources that give only commune codes: take district and province from the official hierarchy."""
    parents = unit_list.units.parent_code
    only_commune = codes.commune.notna() & codes.district.isna()
    codes.loc[only_commune, "district"] = codes.commune[only_commune].map(parents)
    codes.loc[codes.district.notna() & codes.province.isna(), "province"] = codes.district.map(parents)
    return codes.rename(columns={level: f"{level}_code" for level in CODE_WIDTH})


def report_missing(report: MatchReport, unit_list: UnitList, province_codes: set[str], found: set[str]) -> None:
    units = unit_list.units
    expected = units[units.province_code.isin(province_codes) & (units.level != "province")]
    report.missing = [f"{u.full_name} ({u.code})" for u in expected.itertuples() if u.code not in found]
