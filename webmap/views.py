"""View models shared by the web pages and the static export: what one map shows, independent of how it is drawn."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import geopandas as gpd

from layers.classes import ClassBreaks

Language = Literal["vi", "en"]
Level = Literal["province", "district", "commune"]

NO_DATA_LABEL = {"vi": "Không có dữ liệu", "en": "No data"}

# Columns of MapView.units: one row per unit shown.
UNIT_COLUMNS = ("code", "name", "geometry", "value", "rank", "sample_size", "unreliable", "class")


@dataclass(frozen=True, eq=False)
class MapView:
    """One choropleth as a person sees it: the area, the indicator and period, the units with values and classes.

    ``units`` is a GeoDataFrame in EPSG:4326 with the columns of UNIT_COLUMNS: ``code`` (GSO code, str),
    ``name`` (NFC), ``geometry``, ``value`` (float, NaN when missing), ``rank`` (1 = best, NaN when missing),
    ``sample_size`` (int or NaN; e.g. dossiers counted), ``unreliable`` (bool: few dossiers, layers.map_layer's
    flag) and ``class`` (index into ``classes``, -1 no data). On a change map ``value`` is the change.
    """

    unit_code: str                      # the area mapped: "49" Quảng Nam, "502" Tam Kỳ
    unit_name: str                      # "Quảng Nam", "Thành phố Tam Kỳ"
    level_shown: Level                  # the units drawn inside it
    indicator_id: str
    indicator_title: str                # in the view's language
    unit_label: str                     # "%", "điểm", "hồ sơ"; "" when dimensionless
    period_label: str                   # "Quý 3/2024", "2023"
    units: gpd.GeoDataFrame
    classes: ClassBreaks
    scheme: str = "YlGnBu"              # ColorBrewer name the colours were taken from
    language: Language = "vi"
    decimals: int = 1                   # digits shown for values
    source: str = ""                    # "Nguồn: Cổng Dịch vụ công quốc gia"
    generated: date = field(default_factory=date.today)

    def __post_init__(self) -> None:
        if self.level_shown not in ("province", "district", "commune"):
            raise ValueError(f"level_shown must be 'province', 'district' or 'commune', not {self.level_shown!r}")
        if self.language not in ("vi", "en"):
            raise ValueError(f"language must be 'vi' or 'en', not {self.language!r}")
        missing = [c for c in UNIT_COLUMNS if c not in self.units.columns]
        if missing:
            raise ValueError(f"MapView.units lacks columns {missing}")

    @property
    def no_data_label(self) -> str:
        return NO_DATA_LABEL[self.language]
