"""Indicator values for a level, a period and an area, built from the base measures by each indicator's rule.

Two roll-ups, in this order:
1. over time: a quarter or year is its own stored value where one was imported, otherwise it is built from its
   months (or quarters): flows are summed, a stock at the start takes the first month, a stock at the end the last
   month with data; scores are never built from other periods;
2. over space (scope "territory"): a commune is itself, a district is its People's Committee plus its communes,
   the province is everything in it (agencies, districts, communes); ratios are recomputed from the summed
   numerators and denominators, never averaged. Scores and targets are the unit's own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select

from bandotheche.db.statistics import StatValue
from bandotheche.errors import InputError

from .catalogue import Catalogue, Indicator, default_catalogue
from .index766 import index766_frame
from .periods import Period, is_latest, parse_period
from .units import parent_province, target_units

ADDITIVE_KINDS = ("flow", "stock_start", "stock_end")
OUTPUT_COLUMNS = ["code", "name", "value", "numerator", "denominator", "sample_size", "demo"]
GROUP_COLUMNS = ("group_publicity", "group_progress", "group_digitisation", "group_online", "group_satisfaction")


def _candidate_periods(period: Period) -> dict[str, int]:
    """Stored periods that can give this period's value, with their preference (0 = the period itself)."""
    grains = {str(period): 0}
    grains.update({key: 1 for key in period.month_keys()} if period.kind != "month" else {})
    if period.kind == "year":
        grains.update({f"{period.year}-Q{q}": 2 for q in range(1, 5)})
    return grains


def _fetch(engine: Engine, measures: tuple[str, ...], periods: list[str], province_code: str | None) -> pd.DataFrame:
    query = select(StatValue.unit_code, StatValue.period, StatValue.measure, StatValue.level,
                   StatValue.province_code, StatValue.district_code, StatValue.value, StatValue.is_demo).where(
        StatValue.measure.in_(measures), StatValue.period.in_(periods))
    if province_code:
        query = query.where(StatValue.province_code == province_code)
    columns = ["unit_code", "period", "measure", "level", "province_code", "district_code", "value", "is_demo"]
    with engine.connect() as conn:  # the driver's plain tuples: half the time of result rows (50,000 in a profile)
        rows = conn.execute(query).cursor.fetchall()
    # built column by column: a third of the time of a frame from row objects
    return pd.DataFrame(dict(zip(columns, map(list, zip(*rows)))) if rows else None, columns=columns)


def _kinds(catalogue: Catalogue) -> dict[str, str]:
    return {key: measure.kind for key, measure in catalogue.measures.items()}


def _over_time(rows: pd.DataFrame, grains: dict[str, int], catalogue: Catalogue) -> pd.DataFrame:
    """One value per unit and measure for the period (rows of the finest-available-preferred grain)."""
    rows = rows.assign(grain=rows.period.map(grains), kind=rows.measure.map(_kinds(catalogue)))
    rows = rows[(rows.grain == 0) | rows.kind.isin(ADDITIVE_KINDS + ("target",))]
    best = rows.groupby(["unit_code", "measure"]).grain.transform("min")
    rows = rows[rows.grain == best].sort_values("period")
    keys = ["unit_code", "measure"]
    parts = []
    for kinds, how in ((("flow",), "sum"), (("stock_start",), "first"), (("stock_end", "target", "score"), "last")):
        subset = rows[rows.kind.isin(kinds)]
        if not subset.empty:
            parts.append(subset.groupby(keys).agg(value=("value", how), is_demo=("is_demo", "max")).reset_index())
    if not parts:
        return pd.DataFrame(columns=[*keys, "value", "is_demo"])
    return pd.concat(parts, ignore_index=True)


def _group_key(units: pd.DataFrame, level: str, scope: str) -> pd.Series:
    """For each stored unit, the unit of ``level`` its values count towards (NaN: none)."""
    own = units.unit_code.where(units.level == level)
    if scope == "level" and level == "province":  # the provincial level: the province and its agencies
        return units.province_code.where(units.level.isin(["province", "agency"]))
    if scope in ("own", "level") or level in ("commune", "agency"):
        return own
    if level == "district":
        return units.district_code
    return units.province_code


def _over_space(per_unit: pd.DataFrame, attributes: pd.DataFrame, level: str, scope: str,
                catalogue: Catalogue) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(summed additive measures, the units' own scores, whether any row was demo data), each indexed by the
    target unit code with a column per measure."""
    if per_unit.empty:
        empty = pd.DataFrame(index=pd.Index([], name="code"))
        return empty, empty, empty
    per_unit = per_unit.merge(attributes, on="unit_code")
    kinds = per_unit.measure.map(_kinds(catalogue))
    additive = per_unit[kinds.isin(ADDITIVE_KINDS)]
    additive = additive.assign(code=_group_key(additive, level, scope)).dropna(subset=["code"])
    own = per_unit[~kinds.isin(ADDITIVE_KINDS)]
    own = own.assign(code=own.unit_code.where(own.level == level)).dropna(subset=["code"])
    summed = additive.pivot_table(index="code", columns="measure", values="value", aggfunc="sum")
    scores = own.pivot_table(index="code", columns="measure", values="value", aggfunc="first")
    demo = pd.concat([additive, own]).astype({"is_demo": int}).pivot_table(
        index="code", columns="measure", values="is_demo", aggfunc="max")
    return summed, scores, demo


def _values(indicator: Indicator, rolled: _RolledUp, catalogue: Catalogue) -> pd.DataFrame:
    """The indicator's value (and parts) for every code of ``rolled``; rows without any of its measures are dropped
    by the caller."""
    out = pd.DataFrame(index=rolled.codes)
    if indicator.rollup == "sum":
        out["value"] = rolled.sum(indicator.sum)
        out["numerator"], out["denominator"] = out["value"], np.nan
    elif indicator.rollup == "ratio":
        numerator, denominator = rolled.sum(indicator.numerator), rolled.sum(indicator.denominator)
        with np.errstate(divide="ignore", invalid="ignore"):
            out["value"] = indicator.scale * numerator / np.where(denominator > 0, denominator, np.nan)
        out["numerator"], out["denominator"], out["sample_size"] = numerator, denominator, denominator
    elif indicator.rollup == "latest":
        out["value"] = rolled.score(indicator.measure)
        out["numerator"] = out["denominator"] = np.nan
        if indicator.rank_measure:
            out["published_rank"] = rolled.score(indicator.rank_measure)
    else:
        scores766 = rolled.index766(catalogue).reindex(out.index)
        column = "total" if indicator.group == "total" else f"group_{indicator.group}"
        out["value"] = scores766[column]
        out["numerator"] = out["denominator"] = np.nan
        out["sample_size"] = rolled.sum(("resolved_early", "resolved_ontime", "resolved_late"))
        if indicator.group == "total":
            for group in catalogue.index766.groups:
                out[f"group_{group.id}"] = scores766[f"group_{group.id}"]
                out[f"source_{group.id}"] = scores766[f"source_{group.id}"]
    if "sample_size" not in out:
        out["sample_size"] = np.nan
    return out


@dataclass(frozen=True)
class PeriodIndex:
    """Which periods each indicator has data for in one province (or the country), from one query."""

    stored: dict[str, tuple[Period, ...]]       # periods with stored values
    available: dict[str, tuple[Period, ...]]    # plus the quarters and years built from stored months

    def latest(self, indicator_id: str) -> Period | None:
        """The most recent stored period (of periods ending together, the shortest)."""
        stored = self.stored.get(indicator_id, ())
        return max(stored, key=lambda p: (p.months()[-1], -p.month_count)) if stored else None


def _period_order(period: Period) -> tuple:
    return ("year", "quarter", "month").index(period.kind), period


def period_index(engine: Engine, province_code: str | None = None, *,
                 catalogue: Catalogue | None = None) -> PeriodIndex:
    """The PeriodIndex of the province: every indicator's periods, from the distinct (measure, period) pairs."""
    catalogue = catalogue or default_catalogue()
    query = select(StatValue.measure, StatValue.period).distinct()
    if province_code:
        query = query.where(StatValue.province_code == province_code)
    by_measure: dict[str, set[Period]] = {}
    with engine.connect() as conn:
        for measure, period in conn.execute(query):
            by_measure.setdefault(measure, set()).add(parse_period(period))
    stored, available = {}, {}
    for indicator in catalogue.indicators.values():
        own = set().union(*(by_measure.get(m, ()) for m in catalogue.measures_of_value(indicator)))
        found = set(own)
        if indicator.rollup != "latest":
            for period in own:
                found.update(period.parents())
        stored[indicator.id] = tuple(sorted(own, key=_period_order))
        available[indicator.id] = tuple(sorted(found, key=_period_order))
    return PeriodIndex(stored, available)


def resolve_period(engine: Engine, indicator_id: str, period: str | Period, province_code: str | None = None,
                   catalogue: Catalogue | None = None, index: PeriodIndex | None = None) -> Period:
    """The period itself, or for "latest" the most recent period with data for the indicator (from ``index`` when
    the caller holds one)."""
    if not is_latest(str(period)):
        return parse_period(period)
    catalogue = catalogue or default_catalogue()
    catalogue.get(indicator_id)
    latest = (index or period_index(engine, province_code, catalogue=catalogue)).latest(indicator_id)
    if latest is None:
        raise InputError(f"no data for indicator {indicator_id}" + (f" in province {province_code}"
                                                                    if province_code else ""))
    return latest


class Memo(Protocol):
    """Where read_many_values may keep its roll-ups between calls (the web's cache, emptied when data change)."""

    def get(self, key: Hashable, build: Callable[[], object]) -> object: ...


def read_values(engine: Engine, indicator_id: str, period: str | Period, level: str, *,
                province_code: str | None = None, parent_code: str | None = None,
                catalogue: Catalogue | None = None, memo: Memo | None = None) -> pd.DataFrame:
    """One row per unit of ``level`` (within the province and/or parent): code, name, value, numerator,
    denominator, sample_size, demo (unrounded and unranked: layers.map_layer presents them); plus name_en
    (agencies), published_rank (evaluation indices), target (investment rates), group_* and source_*
    (index766_total). frame.attrs holds indicator, period and whether any value is demo data.
    """
    return read_many_values(engine, [(indicator_id, period)], level, province_code=province_code,
                            parent_code=parent_code, catalogue=catalogue, memo=memo)[(indicator_id, str(period))]


def read_many_values(engine: Engine, requests: Iterable[tuple[str, str | Period]], level: str, *,
                     province_code: str | None = None, parent_code: str | None = None,
                     catalogue: Catalogue | None = None,
                     memo: Memo | None = None) -> dict[tuple[str, str], pd.DataFrame]:
    """read_values for several (indicator id, period) pairs at one level and area, from one query of the stored
    values: {(indicator id, period as given): frame}. A profile reads every indicator of the catalogue this way.

    With ``memo`` every measure of a period is rolled up over time once per province and kept there, and so is each
    roll-up over space (per level and scope): later calls for any indicator, unit or level of that period reuse
    them."""
    catalogue = catalogue or default_catalogue()
    requests = list(dict.fromkeys((indicator_id, str(period)) for indicator_id, period in requests))
    units = target_units(engine, level, province_code, parent_code)
    if parent_code and not province_code:
        province_code = parent_province(engine, parent_code)
    resolved: dict[tuple[str, str], tuple[Indicator, Period]] = {}
    index = None
    for indicator_id, period in requests:
        indicator = catalogue.get(indicator_id)
        if level not in indicator.levels:
            raise InputError(f"indicator {indicator_id} exists at levels {', '.join(indicator.levels)}, not {level}")
        if is_latest(period) and index is None:
            index = period_index(engine, province_code, catalogue=catalogue)
        resolved[indicator_id, period] = indicator, resolve_period(engine, indicator_id, period, province_code,
                                                                   catalogue, index)
    if memo is None:  # one query for what these requests need
        measures = {m for indicator, _ in resolved.values() for m in catalogue.measures_of(indicator)}
        periods = {p for _, period in resolved.values() for p in _candidate_periods(period)}
        rows = _fetch(engine, tuple(sorted(measures)), sorted(periods), province_code)
        memo = _CallMemo()

        def over_time(period: Period) -> tuple[pd.DataFrame, pd.DataFrame]:
            return _per_unit(rows, period, catalogue)
    else:  # every measure of the period, kept for later calls
        def over_time(period: Period) -> tuple[pd.DataFrame, pd.DataFrame]:
            rows = _fetch(engine, tuple(catalogue.measures), sorted(_candidate_periods(period)), province_code)
            return _per_unit(rows, period, catalogue)
    out = {}
    for key, (indicator, period) in resolved.items():
        per_unit = memo.get(("over-time", province_code, str(period)), lambda: over_time(period))
        rolled = memo.get(("over-space", province_code, str(period), level, indicator.scope),
                          lambda: _RolledUp(*per_unit, level, indicator.scope, catalogue))
        out[key] = _indicator_values(indicator, period, rolled, level, units, catalogue)
    return out


class _CallMemo:
    """A Memo that lasts one call."""

    def __init__(self):
        self._kept: dict[Hashable, object] = {}

    def get(self, key: Hashable, build: Callable[[], object]) -> object:
        if key not in self._kept:
            self._kept[key] = build()
        return self._kept[key]


class _RolledUp:
    """Every measure read, rolled up over time (one period) and over space (one level and scope): frames indexed by
    the code of the units of ``level`` (all alike), a column per measure."""

    def __init__(self, per_unit: pd.DataFrame, attributes: pd.DataFrame, level: str, scope: str,
                 catalogue: Catalogue):
        self.per_unit, self.attributes = per_unit, attributes   # over time only; unit_code, level, province, district
        summed, scores, demo = _over_space(per_unit, attributes, level, scope, catalogue)
        self.codes = summed.index.union(scores.index)
        self.summed, self.scores = summed.reindex(self.codes), scores.reindex(self.codes)  # sums; own scores, targets
        # as arrays, a column per measure: an indicator picks its columns without pandas' per-call overhead
        self._arrays = {name: (frame.to_numpy(dtype=float), {m: i for i, m in enumerate(frame.columns)})
                        for name, frame in (("summed", self.summed), ("scores", self.scores),
                                            ("demo", demo.reindex(self.codes)))}
        self._index766: pd.DataFrame | None = None

    def _columns(self, name: str, measures: tuple[str, ...]) -> np.ndarray:
        array, columns = self._arrays[name]
        return array[:, [columns[m] for m in measures if m in columns]]

    def sum(self, measures: tuple[str, ...]) -> np.ndarray:
        """The sum of the additive measures per code; NaN where none of them has a value."""
        values = self._columns("summed", measures)
        found = ~np.isnan(values)
        return np.where(found.any(axis=1), np.where(found, values, 0).sum(axis=1), np.nan)

    def score(self, measure: str) -> np.ndarray:
        values = self._columns("scores", (measure,))
        return values[:, 0] if values.shape[1] else np.full(len(self.codes), np.nan)

    def present(self, measures: tuple[str, ...]) -> np.ndarray:
        """Whether each code has a value of any of these measures."""
        return (~np.isnan(self._columns("summed", measures))).any(axis=1) | \
            (~np.isnan(self._columns("scores", measures))).any(axis=1)

    def demo_of(self, measures: tuple[str, ...]) -> np.ndarray:
        return (np.nan_to_num(self._columns("demo", measures)) > 0).any(axis=1)

    def index766(self, catalogue: Catalogue) -> pd.DataFrame:
        """The Decision 766 scores of the units with any of its inputs, computed once for its six indicators."""
        if self._index766 is None:
            measures = catalogue.index766.measures()
            rows = self.present(measures)
            self._index766 = index766_frame(self.summed.loc[rows, [m for m in measures if m in self.summed]],
                                            self.scores.loc[rows, [m for m in measures if m in self.scores]],
                                            catalogue.index766)
        return self._index766


def _per_unit(rows: pd.DataFrame, period: Period, catalogue: Catalogue) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one value per unit and measure for the period, the stored units' attributes)."""
    grains = _candidate_periods(period)
    rows = rows[rows.period.isin(grains.keys())]
    attributes = rows.drop_duplicates("unit_code")[["unit_code", "level", "province_code", "district_code"]]
    return _over_time(rows, grains, catalogue), attributes


def _indicator_values(indicator: Indicator, period: Period, rolled: _RolledUp, level: str, units: pd.DataFrame,
                      catalogue: Catalogue) -> pd.DataFrame:
    """One indicator's values for one period from the rolled-up measures, as a frame over ``units``."""
    measures = catalogue.measures_of(indicator)
    present = rolled.present(measures)
    values = _values(indicator, rolled, catalogue)[present]
    values["demo"] = rolled.demo_of(measures)[present]
    if indicator.target_measure:
        values = _with_target(values, rolled.scores[present], rolled, level, units, indicator.target_measure)
    frame = units.drop(columns=["province_code"]).join(values, on="code")
    frame["demo"] = frame["demo"].astype("boolean").fillna(False).astype(bool)
    columns = OUTPUT_COLUMNS + [c for c in frame.columns if c not in OUTPUT_COLUMNS]
    frame = frame[columns].reset_index(drop=True)
    frame.attrs.update(indicator=indicator.id, period=str(period), level=level, demo=bool(frame["demo"].any()))
    return frame


def _with_target(values: pd.DataFrame, scores: pd.DataFrame, rolled: _RolledUp, level: str, units: pd.DataFrame,
                 measure: str) -> pd.DataFrame:
    """The period's target: the unit's own, else its province's."""
    own = scores.get(measure, pd.Series(dtype=float))
    targets = rolled.per_unit[rolled.per_unit.measure == measure].merge(rolled.attributes, on="unit_code")
    province_targets = targets[targets.level == "province"].set_index("province_code").value
    values = values.copy()
    values["target"] = own.reindex(values.index)
    if level != "province" and not province_targets.empty:
        province_of = units.set_index("code").province_code
        values["target"] = values["target"].fillna(values.index.to_series().map(province_of).map(province_targets))
    return values


def read_agency_values(engine: Engine, indicator_id: str, period: str | Period, province_code: str, *,
                       catalogue: Catalogue | None = None) -> pd.DataFrame:
    """The province's agencies (sở, ban, ngành) with their values, ranked: they have no polygon on the map."""
    return read_values(engine, indicator_id, period, "agency", province_code=province_code, catalogue=catalogue)
