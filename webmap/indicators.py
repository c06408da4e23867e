"""The indicator catalogue and its values as the web pages need them (titles per language, direction, periods)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import pandas as pd

from .i18n import translate


@dataclass(frozen=True)
class Indicator:
    id: str
    theme: str
    theme_title: dict[str, str]
    title: dict[str, str]
    unit: dict[str, str]                   # "%", "điểm", "hồ sơ"; "" when dimensionless
    direction: int                         # +1 higher is better, -1 lower is better, 0 neither
    decimals: int = 1
    thresholds: tuple[float, ...] | None = None
    min_sample: int | None = None          # a rate on fewer observations is marked unreliable
    source: dict[str, str] = field(default_factory=lambda: {"vi": "", "en": ""})
    is_rate: bool = False
    group_titles: tuple[dict[str, str], ...] = ()   # the 766 index's five groups
    palette: str = "YlGnBu"                # ColorBrewer ramp, ordered bad → good for higher-is-better
    classes: int = 5
    description: dict[str, str] = field(default_factory=lambda: {"vi": "", "en": ""})
    levels: tuple[str, ...] = ("province", "district", "commune")   # where values exist

    def change_unit(self, language: str) -> str:
        return translate("percentage_points", language) if self.is_rate else self.unit[language]

    def change_title(self, language: str, period: str, base: str) -> str:
        return translate("change_title", language, title=self.title[language], period=period, base=base)


class IndicatorSource(Protocol):
    """What the pages ask of the indicators: catalogue, periods with data, values (layers_source.py over layers/)."""

    def get(self, indicator_id: str) -> Indicator: ...
    def themes(self) -> list[tuple[str, dict[str, str], list[Indicator]]]: ...
    def periods(self, indicator: Indicator, province_code: str | None) -> list[str]: ...
    def resolve_period(self, text: str, indicator: Indicator, province_code: str | None) -> str: ...
    def previous_period(self, period: str, indicator: Indicator, province_code: str | None) -> str | None: ...
    def period_label(self, period: str, language: str) -> str: ...
    def agencies(self, indicator: Indicator, period: str, province_code: str, language: str) -> list[dict]: ...
    def values(self, indicator: Indicator, period: str, level: str, *, province_code: str | None = None,
               parent_code: str | None = None) -> pd.DataFrame: ...
    def values_many(self, requests: list[tuple[Indicator, str]], level: str, *, province_code: str | None = None,
                    parent_code: str | None = None) -> dict[tuple[str, str], pd.DataFrame]: ...
