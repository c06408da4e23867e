"""The IndicatorSource of the web pages over the layers package: catalogue, periods, values and agencies."""

from __future__ import annotations

from functools import cached_property

import pandas as pd
from sqlalchemy import Engine

from bandotheche.errors import InputError
from layers.catalogue import Catalogue, default_catalogue
from layers.catalogue import Indicator as CatalogueIndicator
from layers.periods import is_latest, parse_period
from layers.values import available_periods, read_agency_values, read_many_values, read_values, resolve_period

from .indicators import Indicator, IndicatorSource
from .number_format import format_number
from .web_errors import BadParameter, NoDataError, UnknownIndicatorError

PERIOD_KINDS = ("month", "quarter", "year")


def _presented(entry: CatalogueIndicator, catalogue: Catalogue) -> Indicator:
    classification = entry.classification
    groups = tuple(g.title for g in catalogue.index766.groups) if entry.id == "index766_total" else ()
    return Indicator(
        id=entry.id, theme=entry.theme, theme_title=catalogue.themes[entry.theme], title=entry.title,
        unit=entry.unit_label, direction=entry.direction, decimals=entry.decimals, thresholds=entry.thresholds,
        min_sample=entry.min_sample, source=entry.source, is_rate=entry.unit == "percent", group_titles=groups,
        palette=classification.get("palette", "YlGnBu"), classes=int(classification.get("k", 5)),
        description=entry.description, levels=entry.levels)


class LayersIndicatorSource(IndicatorSource):
    def __init__(self, engine: Engine, catalogue: Catalogue | None = None):
        self.engine = engine
        self.catalogue = catalogue or default_catalogue()

    @cached_property
    def _indicators(self) -> dict[str, Indicator]:
        return {key: _presented(entry, self.catalogue) for key, entry in self.catalogue.indicators.items()
                if {"province", "district", "commune"} & set(entry.levels)}

    def get(self, indicator_id: str) -> Indicator:
        try:
            return self._indicators[indicator_id]
        except KeyError:
            raise UnknownIndicatorError(indicator_id) from None

    def themes(self) -> list[tuple[str, dict[str, str], list[Indicator]]]:
        return [(theme, title, [self._indicators[i.id] for i in items if i.id in self._indicators])
                for theme, title, items in self.catalogue.by_theme()]

    def periods(self, indicator: Indicator, province_code: str | None) -> list[str]:
        """Periods with data, months first, then quarters, then years; each kind in time order."""
        found = available_periods(self.engine, indicator.id, province_code, catalogue=self.catalogue)
        return [str(p) for p in sorted(found, key=lambda p: (PERIOD_KINDS.index(p.kind), p))]

    def resolve_period(self, text: str, indicator: Indicator, province_code: str | None) -> str:
        try:
            return str(resolve_period(self.engine, indicator.id, text, province_code, self.catalogue))
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
                           parent_code=parent_code, catalogue=self.catalogue)

    def values_many(self, requests: list[tuple[Indicator, str]], level: str, *, province_code: str | None = None,
                    parent_code: str | None = None) -> dict[tuple[str, str], pd.DataFrame]:
        """{(indicator id, period): values} for several indicators and periods, from one read of stored values."""
        return read_many_values(self.engine, [(i.id, p) for i, p in requests], level, province_code=province_code,
                                parent_code=parent_code, catalogue=self.catalogue)

    def agencies(self, indicator: Indicator, period: str, province_code: str, language: str) -> list[dict]:
        """The province's departments and agencies with a value, best first (they have no polygon), named in the
        language (English where the agency list gives a name_en)."""
        if "agency" not in self.catalogue.get(indicator.id).levels:
            return []
        frame = read_agency_values(self.engine, indicator.id, period, province_code, catalogue=self.catalogue)
        frame = frame[frame["value"].notna()].sort_values(["rank", "name"])
        unit = indicator.unit[language]
        return [{"code": r.code, "rank": int(r.rank), "name": agency_name(r.name, r.name_en, language),
                 "value": format_number(r.value, language, indicator.decimals) + ("%" if unit == "%" else f" {unit}")}
                for r in frame.itertuples()]


def agency_name(name: str, name_en: str | None, language: str) -> str:
    return name_en if language == "en" and isinstance(name_en, str) and name_en.strip() else name
