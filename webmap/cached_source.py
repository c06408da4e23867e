"""An IndicatorSource that remembers what it read until the data change: pages, profiles and the API share it."""

from __future__ import annotations

import pandas as pd

from layers.map_layer import MapLayer
from layers.periods import is_latest
from layers.values import PeriodIndex

from .cache import VersionedCache
from .indicators import Indicator, IndicatorSource


class CachedIndicatorSource(IndicatorSource):
    def __init__(self, source: IndicatorSource, cache: VersionedCache):
        self.source, self.cache = source, cache
        self.catalogue = source.catalogue

    def get(self, indicator_id: str) -> Indicator:
        return self.source.get(indicator_id)

    def themes(self):
        return self.source.themes()

    def period_index(self, province_code: str | None) -> PeriodIndex:
        """One query per province for every indicator's periods."""
        return self.cache.get(("period-index", province_code), lambda: self.source.period_index(province_code))

    def periods(self, indicator: Indicator, province_code: str | None) -> list[str]:
        return self.cache.get(("periods", indicator.id, province_code),
                              lambda: self.source.periods(indicator, province_code, self.period_index(province_code)))

    def resolve_period(self, text: str, indicator: Indicator, province_code: str | None) -> str:
        return self.cache.get(("resolve", text, indicator.id, province_code), lambda: self.source.resolve_period(
            text, indicator, province_code, self.period_index(province_code) if is_latest(text) else None))

    def previous_period(self, period: str, indicator: Indicator, province_code: str | None) -> str | None:
        return self.source.previous_period(period, indicator, province_code)

    def period_label(self, period: str, language: str) -> str:
        return self.source.period_label(period, language)

    def values(self, indicator: Indicator, period: str, level: str, *, province_code: str | None = None,
               parent_code: str | None = None) -> pd.DataFrame:
        """A copy, so that callers may add columns freely."""
        frame = self.cache.get(self._values_key(indicator.id, period, level, province_code, parent_code),
                               lambda: self.source.values(indicator, period, level, province_code=province_code,
                                                          parent_code=parent_code))
        return frame.copy()

    def values_many(self, requests: list[tuple[Indicator, str]], level: str, *, province_code: str | None = None,
                    parent_code: str | None = None) -> dict[tuple[str, str], pd.DataFrame]:
        """Copies, like values(); the pairs not cached yet are read together and cached one by one."""
        indicators = {indicator.id: indicator for indicator, _ in requests}
        keys = {self._values_key(i.id, p, level, province_code, parent_code): (i.id, p) for i, p in requests}

        def read_missing(missing: list) -> dict:
            found = self.source.values_many([(indicators[keys[k][0]], keys[k][1]) for k in missing], level,
                                            province_code=province_code, parent_code=parent_code)
            return {k: found[keys[k]] for k in missing}

        frames = self.cache.get_many(list(keys), read_missing)
        return {keys[k]: frame.copy() for k, frame in frames.items()}

    @staticmethod
    def _values_key(indicator_id: str, period: str, level: str, province_code: str | None,
                    parent_code: str | None) -> tuple:
        return "values", indicator_id, period, level, province_code, parent_code

    def layer(self, indicator: Indicator, period: str, level: str, *, compare: str | None = None,
              change_map: bool = False, scheme: str | None = None, language: str = "vi",
              province_code: str | None = None, parent_code: str | None = None) -> MapLayer:
        """Shared, not copied: callers never change a layer."""
        key = ("layer", indicator.id, period, level, compare, change_map, scheme, language, province_code, parent_code)
        return self.cache.get(key, lambda: self.source.layer(
            indicator, period, level, compare=compare, change_map=change_map, scheme=scheme, language=language,
            province_code=province_code, parent_code=parent_code, values=self.values))
