"""A unit's profile: every indicator for a period, its rank among its siblings, its trend, its parent and children."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from bandotheche.db.unit_queries import read_unit, read_units
from bandotheche.errors import InputError

from layers.catalogue import Indicator
from layers.map_layer import presented_table
from layers.periods import parse_period

from .figures import change_text, value_text
from .indicators import IndicatorSource
from .map_data import resolve_unit
from .sparkline import sparkline
from .web_errors import UnknownCodeError

TREND_PERIODS = 6  # the last periods (of the kind shown) drawn in each trend chart


@dataclass
class ProfileRow:
    indicator: Indicator
    period: str
    period_label: str
    value: str
    rank: str
    change: str
    change_sign: int
    parent_value: str
    unreliable: bool
    demo: bool                      # the value counts generated demo figures


@dataclass
class Profile:
    unit: dict
    parent: dict | None
    rows: list[tuple[str, dict[str, str], list[ProfileRow]]]            # by theme
    children: list[dict] = field(default_factory=list)                  # code, name, value text, rank
    children_indicator: Indicator | None = None

    @property
    def demo(self) -> bool:
        return any(row.demo for _, _, rows in self.rows for row in rows)


def _value_of(frame: pd.DataFrame, code: str, column: str = "value"):
    found = frame.loc[frame["code"] == code, column] if len(frame) and column in frame else []
    return float(found.iloc[0]) if len(found) else None


@dataclass(frozen=True)
class _Periods:
    """The period an indicator's profile row shows and the one its change is measured from (None: not loaded)."""

    shown: str
    previous: str | None


def build_profile(engine: Engine, source: IndicatorSource, code: str, period_text: str, language: str,
                  selected: str) -> Profile:
    unit = resolve_unit(engine, code)
    if unit["level"] == "country":
        raise UnknownCodeError(code)
    parent = read_unit(engine, unit["parent_code"]) if unit.get("parent_code") else None
    siblings = None
    if unit["level"] != "province":
        siblings = frozenset(read_units(engine, level=unit["level"], parent_code=unit["parent_code"],
                                        with_geometry=False)["code"])
    catalogue = source.themes()
    periods = {i.id: found for _, _, items in catalogue for i in items
               if (found := _periods_of(source, unit, i, period_text)) is not None}
    indicators = [i for _, _, items in catalogue for i in items if i.id in periods]
    own = _level_values(source, unit, [(i, p) for i in indicators
                                       for p in (periods[i.id].shown, periods[i.id].previous) if p])
    parents = _level_values(source, parent, [(i, periods[i.id].shown) for i in indicators
                                             if parent["level"] in i.levels]) if parent else {}
    themes = []
    for theme, theme_title, items in catalogue:
        rows = [row for i in items if i.id in periods and (row := _indicator_row(
            source, unit, siblings, i, periods[i.id], own, parent, parents, language)) is not None]
        if rows:
            themes.append((theme, theme_title, rows))
    profile = Profile(unit=unit, parent=parent, rows=themes)
    child_level = {"province": "district", "district": "commune"}.get(unit["level"])
    if child_level:
        indicator = source.get(selected)
        period = source.resolve_period(period_text, indicator, unit["province_code"])
        children = read_units(engine, level=child_level, parent_code=unit["code"], with_geometry=False)
        values = source.values(indicator, period, child_level, province_code=unit["province_code"])
        table = presented_table(indicator, values[values["code"].isin(children["code"])])
        merged = children.merge(table[["code", "value", "rank"]], on="code", how="left")
        profile.children_indicator = indicator
        profile.children = [{"code": r.code, "name": r.full_name, "value": value_text(r.value, indicator, language),
                             "rank": "–" if pd.isna(r.rank) else int(r.rank)}
                            for r in merged.sort_values(["rank", "name"], na_position="last").itertuples()]
    return profile


def _periods_of(source: IndicatorSource, unit: dict, indicator: Indicator, period_text: str) -> _Periods | None:
    """None when the indicator has no row in the unit's profile (another level, or nothing loaded)."""
    province = unit["province_code"]
    if unit["level"] not in indicator.levels:
        return None
    available = source.periods(indicator, province)
    if not available:
        return None
    try:
        period = source.resolve_period(period_text, indicator, province)
    except InputError:
        return None
    previous = source.previous_period(period, indicator, province)
    return _Periods(period, previous if previous in available else None)


def _level_values(source: IndicatorSource, unit: dict,
                  requests: list[tuple[Indicator, str]]) -> dict[tuple[str, str], pd.DataFrame]:
    """Values of the unit's level across its province, for every (indicator, period) at once: read for the whole
    province (then filtered by the caller), so one read (cached) serves every unit of that level in the province."""
    if not requests:
        return {}
    province = unit["code"] if unit["level"] == "province" else unit["province_code"]
    return source.values_many(requests, unit["level"], province_code=province)


def _indicator_row(source: IndicatorSource, unit: dict, siblings: frozenset[str] | None, indicator: Indicator,
                   periods: _Periods, own: dict, parent: dict | None, parents: dict,
                   language: str) -> ProfileRow | None:
    """The unit's figures as layers.map_layer presents them among its siblings (the units of its level with the
    same parent), so rank, change and flag are the ones the map of its parent shows."""
    def among_siblings(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["code"].isin(siblings)] if siblings is not None else frame

    frame = among_siblings(own[indicator.id, periods.shown])
    if not len(frame):
        return None
    basis = among_siblings(own[indicator.id, periods.previous]) if periods.previous else None
    table = presented_table(indicator, frame, basis)
    mine = table[table["code"] == unit["code"]]
    if mine.empty:
        return None
    row = mine.iloc[0]
    rank_text = "–" if pd.isna(row["rank"]) else f"{int(row['rank'])}/{int(table['rank'].notna().sum())}"
    parent_value = "–"
    if (indicator.id, periods.shown) in parents:
        parent_value = value_text(_value_of(parents[indicator.id, periods.shown], parent["code"]), indicator,
                                  language)
    return ProfileRow(indicator=indicator, period=periods.shown,
                      period_label=source.period_label(periods.shown, language),
                      value=value_text(row["value"], indicator, language), rank=rank_text,
                      change=change_text(row["change"], indicator, language), change_sign=int(row["change_sign"]),
                      parent_value=parent_value, unreliable=bool(row["few"]), demo=bool(row["demo"]))


def trend_chart(source: IndicatorSource, unit: dict, indicator: Indicator, period: str, language: str) -> str:
    """The unit's values over the last periods of the kind shown, ending at period, as a standalone SVG."""
    available = source.periods(indicator, unit["province_code"])
    shown = parse_period(period)
    periods = [p for p in available if (found := parse_period(p)).kind == shown.kind and found <= shown][-TREND_PERIODS:]
    frames = _level_values(source, unit, [(indicator, p) for p in periods])
    series = [_value_of(frames[indicator.id, p], unit["code"]) for p in periods]
    titles = [f"{source.period_label(p, language)}: {value_text(v, indicator, language)}"
              for p, v in zip(periods, series)]
    return str(sparkline(series, titles, standalone=True))
