"""The IndicatorSource of the web pages over the layers package: catalogue, periods, values and agencies."""

from __future__ import annotations

from functools import cached_property

import pandas as pd
from sqlalchemy import Engine

from bandotheche.errors import InputError
from layers.catalogue import Catalogue, Indicator, default_catalogue
from layers.levels import AREA_LEVELS
from layers.map_layer import MapLayer, layer_of
from layers.periods import is_latest, parse_period
from layers.values import Memo, PeriodIndex, period_index, read_many_values, read_values, resolve_period

from .indicators import IndicatorSource
from .web_errors import BadParameter, NoDataError, UnknownIndicatorError

PERIOD_KINDS = ("month", "quarter", "year")


class LayersIndicatorSource(IndicatorSource):
    def __init__(self, engine: Engine, catalogue: Catalogue | None = None, memo: Memo | None = None):
        self.engine, self.memo = engine, memo  # memo: where roll-ups are kept between requests
        self.catalogue = catalogue or default_catalogue()

    @cached_property
    def _indicators(self) -> dict[str, Indicator]:
        """The indicators a map can show: those with values at some level that has polygons."""
        return {key: entry for key, entry in self.catalogue.indicators.items() if set(AREA_LEVELS) & set(entry.levels)}

    def get(self, indicator_id: str) -> Indicator:
        try:
            return self._indicators[indicator_id]
        except KeyError:
            raise UnknownIndicatorError(indicator_id) from None

    def themes(self) -> list[tuple[str, dict[str, str], list[Indicator]]]:
        return [(theme, title, [self._indicators[i.id] for i in items if i.id in self._indicators])
                for theme, title, items in self.catalogue.by_theme()]

    def period_index(self, province_code: str | None) -> PeriodIndex:
        return period_index(self.engine, province_code, catalogue=self.catalogue)

    def periods(self, indicator: Indicator, province_code: str | None, index: PeriodIndex | None = None) -> list[str]:
        """Periods with data, months first, then quarters, then years; each kind in time order."""
        found = (index or self.period_index(province_code)).available[indicator.id]
        return [str(p) for p in sorted(found, key=lambda p: (PERIOD_KINDS.index(p.kind), p))]

    def resolve_period(self, text: str, indicator: Indicator, province_code: str | None,
                       index: PeriodIndex | None = None) -> str:
        try:
            index = index or (self.period_index(province_code) if is_latest(text) else None)
            return str(resolve_period(self.engine, indicator.id, text, province_code, self.catalogue, index))
        except InputError as error:
            if is_latest(text):
                raise NoDataError(indicator.title) from error
            raise BadParameter("period", text, {"vi": "kỳ phải có dạng 2022-06, 2022-Q2 hoặc 2022",
                                                "en": "a period is 2022-06, 2022-Q2 or 2022"}) from error

    def previous_period(self, period: str, indicator: Indicator, province_code: str | None) -> str | None:
        return str(parse_period(period).previous())

    def period_label(self, period: str, language: str) -> str:
        return parse_period(period).label(language)

    def values(self, indicator: Indicator, period: str, level: str, *, province_code: str | None = None,
               parent_code: str | None = None) -> pd.DataFrame:
        return read_values(self.engine, indicator.id, period, level, province_code=province_code,
                           parent_code=parent_code, catalogue=self.catalogue, memo=self.memo)

    def values_many(self, requests: list[tuple[Indicator, str]], level: str, *, province_code: str | None = None,
                    parent_code: str | None = None) -> dict[tuple[str, str], pd.DataFrame]:
        """{(indicator id, period): values} for several indicators and periods, from one read of stored values."""
        return read_many_values(self.engine, [(i.id, p) for i, p in requests], level, province_code=province_code,
                                parent_code=parent_code, catalogue=self.catalogue, memo=self.memo)

    def layer(self, indicator: Indicator, period: str, level: str, *, compare: str | None = None,
              change_map: bool = False, scheme: str | None = None, language: str = "vi",
              province_code: str | None = None, parent_code: str | None = None, values=None) -> MapLayer:
        """layers.map_layer's layer of a resolved period, its values read through ``values`` (default: this
        source's), changes measured from ``compare`` or the previous period."""
        read = values or self.values
        shown = parse_period(period)
        basis = parse_period(compare) if compare else shown.previous()
        scope = {"province_code": province_code, "parent_code": parent_code}
        return layer_of(indicator, shown, basis, level, read(indicator, period, level, **scope),
                        read(indicator, str(basis), level, **scope), change_map=change_map, scheme=scheme,
                        language=language)


def agency_name(name: str, name_en: str | None, language: str) -> str:
    return name_en if language == "en" and isinstance(name_en, str) and name_en.strip() else name
