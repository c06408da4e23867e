"""Read administrative units from their province's current boundary set, with geometry at a web-map zoom or at
full resolution."""

from __future__ import annotations

import geopandas as gpd
import shapely
from geoalchemy2.functions import ST_AsBinary, ST_X, ST_Y
from sqlalchemy import Engine, Select, func, select

from .models import AdminUnit, UnitGeometry

UNIT_COLUMNS = ["code", "name", "full_name", "type", "level", "parent_code", "province_code", "area_km2"]


def select_current(*columns) -> Select:
    """SELECT ``columns`` of the units of each province's current boundary set: the newest set that holds the
    province's own unit. Chosen per province (a vintage would be a second key of the grouping and the join), so
    sets of several provinces, and older sets of one province, live side by side."""
    current = (select(AdminUnit.province_code, func.max(AdminUnit.boundary_set_id).label("boundary_set_id"))
               .where(AdminUnit.level == "province").group_by(AdminUnit.province_code).subquery("current_set"))
    return select(*columns).join(current, (current.c.province_code == AdminUnit.province_code)
                                 & (current.c.boundary_set_id == AdminUnit.boundary_set_id))


def read_units(engine: Engine, *, level: str | None = None, province_code: str | None = None,
               parent_code: str | None = None, codes: list[str] | None = None, zoom: int | None = None,
               with_geometry: bool = True) -> gpd.GeoDataFrame:
    """Units matching every filter given, each from its province's current set, ordered by code; geometry
    simplified for ``zoom`` when given."""
    columns = [getattr(AdminUnit, c) for c in UNIT_COLUMNS]
    columns += [ST_X(AdminUnit.label_point).label("label_lon"), ST_Y(AdminUnit.label_point).label("label_lat")]
    query = select_current(*columns).order_by(AdminUnit.code)
    if with_geometry and zoom is None:
        query = query.add_columns(ST_AsBinary(AdminUnit.geom).label("wkb"))
    elif with_geometry:
        query = query.add_columns(ST_AsBinary(UnitGeometry.geom).label("wkb")).join(
            UnitGeometry, (UnitGeometry.unit_id == AdminUnit.id) & (UnitGeometry.zoom == zoom))
    for column, value in (("level", level), ("province_code", province_code), ("parent_code", parent_code)):
        if value is not None:
            query = query.where(getattr(AdminUnit, column) == value)
    if codes is not None:
        query = query.where(AdminUnit.code.in_(codes))
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    frame = gpd.GeoDataFrame([{k: v for k, v in row.items() if k != "wkb"} for row in rows],
                             columns=UNIT_COLUMNS + ["label_lon", "label_lat"])
    geometry = shapely.from_wkb([bytes(row["wkb"]) for row in rows]) if with_geometry else None
    return frame.set_geometry(gpd.GeoSeries(geometry, index=frame.index, crs=4326)) if with_geometry else frame


def read_unit(engine: Engine, code: str) -> dict | None:
    """One unit's attributes (no geometry), or None."""
    found = read_units(engine, codes=[code], with_geometry=False)
    return found.iloc[0].to_dict() if len(found) else None
