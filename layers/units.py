"""The units values are read for: official areas (GSO list) and agencies (table agency)."""

from __future__ import annotations

import functools

import pandas as pd
from sqlalchemy import Engine, select

from bandotheche.db.statistics import Agency
from bandotheche.errors import InputError, UnknownUnitError
from etl.official_units import UnitList, load_unit_list

AREA_LEVELS = ("province", "district", "commune")


@functools.cache
def official_units() -> UnitList:
    """The installed official list, read once per process (it is package data and does not change)."""
    return load_unit_list()


def agencies(engine: Engine, province_code: str | None = None) -> pd.DataFrame:
    """code, name, name_en, kind, province_code of the agencies (all, or one province's)."""
    query = select(Agency.code, Agency.name, Agency.name_en, Agency.kind, Agency.province_code).order_by(Agency.code)
    if province_code:
        query = query.where(Agency.province_code == province_code)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).all(), columns=["code", "name", "name_en", "kind", "province_code"])


def target_units(engine: Engine, level: str, province_code: str | None, parent_code: str | None) -> pd.DataFrame:
    """code, name of the units a value table lists: one level, within a province and/or parent (agencies also
    name_en, their English name)."""
    if level == "agency":
        if parent_code:
            raise InputError("agencies belong to a province: give --province, not a parent district")
        return agencies(engine, province_code)[["code", "name", "name_en"]]
    if level not in AREA_LEVELS:
        raise InputError(f"unknown level {level!r}: province, district, commune or agency")
    units = official_units().units
    chosen = units[units.level == level]
    if province_code:
        chosen = chosen[chosen.province_code == province_code]
    if parent_code:
        if parent_code not in units.index:
            raise UnknownUnitError(f"unknown parent unit {parent_code!r}")
        chosen = chosen[chosen.parent_code == parent_code]
    return chosen[["code", "name"]].reset_index(drop=True)
