"""The map layer: one indicator for the units of one level in an area and period, as every output shows it.

``presented_table`` turns the frames of ``read_values`` into the figures a person sees (value rounded once,
rank, change and its sign, the "few dossiers" flag, demo flag); ``build_layer`` adds the classes and the legend's
model. The web map, its tooltips and table, the profile, the JSON API and the CLI/web exports all take their figures
from here, so one unit shows one number, one rank and one flag everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from .catalogue import Catalogue, Indicator, default_catalogue
from .classes import OFFICIAL, SCHEMES, ClassBreaks, classify, classify_change
from .numbers import change_sign, present_series
from .periods import Period
from .ranking import RANK_ORDER, rank
from .values import read_values, resolve_period

# Columns of a presented table, in this order; extra columns of read_values (name_en, published_rank, target,
# group_*, source_*) follow.
TABLE_COLUMNS = ["code", "name", "value", "numerator", "denominator", "sample_size", "rank", "change",
                 "change_sign", "few", "demo"]


def few_observations(indicator: Indicator, sample_size: pd.Series) -> pd.Series:
    """The "few dossiers" flag: a rate computed on fewer observations than the catalogue's min_sample."""
    if not indicator.min_sample:
        return pd.Series(False, index=sample_size.index)
    return (pd.to_numeric(sample_size, errors="coerce") < indicator.min_sample).fillna(False).astype(bool)


def presented_table(indicator: Indicator, values: pd.DataFrame, basis: pd.DataFrame | None = None, *,
                    change_map: bool = False) -> pd.DataFrame:
    """The figures shown for each unit of ``values`` (a read_values frame): value rounded to the catalogue's
    decimals, change from ``basis`` (the difference of the printed values) and its sign, rank among these units by
    the rank rule (of the change on a change map), the "few dossiers" and demo flags."""
    table = values.copy()
    table["value"] = present_series(pd.to_numeric(table["value"], errors="coerce"), indicator.decimals)
    if basis is not None:
        earlier = present_series(pd.to_numeric(basis.set_index("code")["value"], errors="coerce"),
                                 indicator.decimals)
        table["change"] = present_series(table["value"] - table["code"].map(earlier), indicator.decimals)
    else:
        table["change"] = np.nan
    table["change_sign"] = [change_sign(c, indicator.direction) for c in table["change"]]
    table["rank"] = rank(table["change" if change_map else "value"], indicator.direction)
    table["few"] = few_observations(indicator, table["sample_size"])
    table["demo"] = table["demo"].astype(bool)
    for column in [c for c in table.columns if c.startswith("group_")]:
        table[column] = present_series(pd.to_numeric(table[column], errors="coerce"), indicator.decimals)
    extra = [c for c in table.columns if c not in TABLE_COLUMNS]
    return table[TABLE_COLUMNS + extra].reset_index(drop=True)


@dataclass(frozen=True)
class MapLayer:
    """What a map of one indicator shows: ``table`` (TABLE_COLUMNS plus ``class``, -1 no data), the classes (of the
    value, or of the change on a change map), and the facts a legend and a caption state."""

    indicator: Indicator
    period: Period
    basis: Period | None          # the period changes are measured from (None: no change)
    level: str
    change_map: bool
    table: pd.DataFrame
    classes: ClassBreaks
    scheme: str                   # the scheme drawn: "change" on a change map
    scheme_fallback: bool         # the scheme asked for does not apply to the indicator; its default is drawn
    rank_order: str               # RANK_ORDER of the indicator's direction

    @property
    def classified(self) -> str:
        """The column the classes, colours and ranks are of."""
        return "change" if self.change_map else "value"

    @property
    def demo(self) -> bool:
        return bool(self.table["demo"].any())

    def legend(self) -> tuple[list[int], int, int]:
        """The legend's counts: (units per class, empty classes 0; units without data; units with few dossiers)."""
        per_class, missing = self.classes.tally(self.table["class"])
        return per_class, missing, int(self.table["few"].sum())


def default_scheme(indicator: Indicator) -> str:
    return OFFICIAL if indicator.thresholds else "quantiles"


def resolve_scheme(indicator: Indicator, requested: str | None) -> tuple[str, bool]:
    """(the scheme to draw, whether the one requested had to be replaced by the indicator's default)."""
    if requested is None:
        return default_scheme(indicator), False
    if requested not in SCHEMES or (requested == OFFICIAL and not indicator.thresholds):
        return default_scheme(indicator), True
    return requested, False


def layer_classes(indicator: Indicator, values: pd.Series, scheme: str, language: str) -> ClassBreaks:
    """The classes of values drawn with a (resolved) scheme; ramps are ordered bad → good for higher-is-better
    values, so lower-is-better values read them backwards."""
    return classify(values, method=scheme, k=indicator.class_count, palette=indicator.palette,
                    reverse=indicator.direction < 0, thresholds=indicator.thresholds, language=language,
                    decimals=indicator.decimals)


def layer_of(indicator: Indicator, period: Period, basis: Period | None, level: str, values: pd.DataFrame,
             earlier: pd.DataFrame | None, *, change_map: bool = False, scheme: str | None = None,
             language: str = "vi") -> MapLayer:
    """The map layer from the read_values frames of the period and of the basis of its changes."""
    table = presented_table(indicator, values, earlier, change_map=change_map)
    if change_map:
        drawn, fallback = "change", False
        classes = classify_change(table["change"], direction=indicator.direction, language=language,
                                  decimals=indicator.decimals)
    else:
        drawn, fallback = resolve_scheme(indicator, scheme)
        classes = layer_classes(indicator, table["value"], drawn, language)
    table["class"] = classes.class_index(table["change" if change_map else "value"])
    return MapLayer(indicator=indicator, period=period, basis=basis, level=level, change_map=change_map, table=table,
                    classes=classes, scheme=drawn, scheme_fallback=fallback,
                    rank_order=RANK_ORDER[indicator.direction])


def build_layer(engine: Engine, indicator_id: str, period: str | Period, level: str, *,
                province_code: str | None = None, parent_code: str | None = None, compare: str | Period | None = None,
                change_map: bool = False, scheme: str | None = None, language: str = "vi",
                catalogue: Catalogue | None = None) -> MapLayer:
    """The map layer of an indicator at ``level`` inside a province and/or district (both None: the country).
    Changes are measured from ``compare`` or, without it, from the previous period; ``change_map`` maps them."""
    catalogue = catalogue or default_catalogue()
    indicator = catalogue.get(indicator_id)
    shown = resolve_period(engine, indicator.id, period, province_code, catalogue)
    basis = resolve_period(engine, indicator.id, compare, province_code, catalogue) if compare else shown.previous()
    scope = dict(province_code=province_code, parent_code=parent_code, catalogue=catalogue)
    return layer_of(indicator, shown, basis, level, read_values(engine, indicator.id, shown, level, **scope),
                    read_values(engine, indicator.id, basis, level, **scope), change_map=change_map, scheme=scheme,
                    language=language)
