"""The units values are read for: the areas of each province's current boundary set (the database's registry, the
same units the maps draw) and the agencies (table agency)."""

from __future__ import annotations

import unicodedata

import pandas as pd
from sqlalchemy import Engine, select

from bandotheche.db.statistics import Agency
from bandotheche.db.unit_queries import read_unit, read_units
from bandotheche.errors import InputError, UnknownUnitError

from .levels import AREA_LEVELS


def agencies(engine: Engine, province_code: str | None = None) -> pd.DataFrame:
    """code, name, name_en, kind, province_code of the agencies (all, or one province's)."""
    query = select(Agency.code, Agency.name, Agency.name_en, Agency.kind, Agency.province_code).order_by(Agency.code)
    if province_code:
        query = query.where(Agency.province_code == province_code)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).all(), columns=["code", "name", "name_en", "kind", "province_code"])


def parent_province(engine: Engine, parent_code: str) -> str:
    """The province of a district (or of any unit) of the registry."""
    unit = read_unit(engine, parent_code)
    if unit is None:
        raise UnknownUnitError(f"unknown parent unit {parent_code!r}: no boundary set holds it")
    return unit["province_code"]


def resolve_province(engine: Engine, text: str) -> str:
    """The code of a province of the registry given by its code or its name ("49", "Quảng Nam", "Tỉnh Quảng Nam")."""
    provinces = read_units(engine, level="province", with_geometry=False)
    wanted = unicodedata.normalize("NFC", text).strip().casefold()
    for unit in provinces.itertuples():
        if wanted in (unit.code, unit.name.casefold(), unit.full_name.casefold()):
            return unit.code
    known = ", ".join(f"{u.code} {u.name}" for u in provinces.itertuples()) or "none: load boundaries first"
    raise UnknownUnitError(f"no province {text!r} in the database (provinces: {known})")


def target_units(engine: Engine, level: str, province_code: str | None, parent_code: str | None) -> pd.DataFrame:
    """code, name, province_code of the units a value table lists: one level, within a province and/or parent
    (agencies also name_en, their English name)."""
    if level == "agency":
        if parent_code:
            raise InputError("agencies belong to a province: give --province, not a parent district")
        return agencies(engine, province_code)[["code", "name", "name_en", "province_code"]]
    if level not in AREA_LEVELS:
        raise InputError(f"unknown level {level!r}: province, district, commune or agency")
    if parent_code:
        parent_province(engine, parent_code)
    units = read_units(engine, level=level, province_code=province_code, parent_code=parent_code,
                       with_geometry=False)
    return pd.DataFrame(units[["code", "name", "province_code"]]).reset_index(drop=True)
