"""Transform matched boundary features into units at every level and zoom, and load them in one transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely
from geoalchemy2.shape import from_shape
from sqlalchemy import Engine, delete, func, insert, literal, select
from sqlalchemy.orm import Session, aliased
from tqdm import tqdm

from bandotheche.errors import InputError
from bandotheche.db.models import AdminUnit, BoundaryImport, BoundarySet, CrosswalkEntry, UnitGeometry
from bandotheche.db.unit_queries import select_current
from layers.levels import ZOOM_LEVELS

from .boundary_sources import BoundarySource
from .crosswalks import Crosswalk
from .geometry import areas_km2, as_multipolygons, clean_coverage, dissolve, label_points, \
    simplify_for_zoom
from .match_units import MatchReport, UnitMatcher, match_features, report_missing
from .official_units import UnitList

# Bump when the transformation changes, so that re-importing an unchanged source recomputes its units.
TRANSFORM_VERSION = "2"
COUNTRY_SCOPE = "VN"


@dataclass
class BuiltUnits:
    """Units of every level: official attributes, full geometry and one geometry per zoom."""

    units: pd.DataFrame  # code, name, full_name, type, level, parent_code, province_code
    geometry: np.ndarray
    by_zoom: dict[int, np.ndarray]
    report: MatchReport

    def without(self, codes: set[str]) -> BuiltUnits:
        keep = ~self.units.code.isin(codes).to_numpy()
        return BuiltUnits(self.units[keep].reset_index(drop=True), self.geometry[keep],
                          {zoom: geoms[keep] for zoom, geoms in self.by_zoom.items()}, self.report)


@dataclass
class ImportResult:
    scope: str
    boundary_set_id: int
    unchanged: bool
    counts: dict[str, int]
    vertices: dict[str, int] = field(default_factory=dict)
    report: MatchReport = field(default_factory=MatchReport)
    carried: int = 0

    def lines(self) -> list[str]:
        if self.unchanged:
            head = f"{self.scope}: already imported from this source; nothing changed"
        else:
            head = (f"{self.scope}: loaded {self.counts.get('province', 0)} provinces, "
                    f"{self.counts.get('district', 0)} districts, {self.counts.get('commune', 0)} communes")
        if self.carried:
            head += f"; {self.carried} units taken from the current boundary set"
        vertices = ", ".join(f"{zoom}: {count:,}" for zoom, count in self.vertices.items())
        return [head] + self.report.lines() + ([f"vertices by zoom: {vertices}"] if vertices else [])


def _in_scope(features: pd.DataFrame, matcher: UnitMatcher, province_code: str | None) -> pd.DataFrame:
    if province_code is None or "province" not in features:
        return features
    names = features.province.drop_duplicates()
    codes = {name: matcher.match(name, "province").code for name in names}
    return features[features.province.map(codes) == province_code]


def build_units(source: BoundarySource, unit_list: UnitList, crosswalks: list[Crosswalk],
                province_code: str | None, progress: tqdm) -> BuiltUnits:
    matcher = UnitMatcher(unit_list, crosswalks)
    features = _in_scope(source.features, matcher, province_code)
    codes, report = match_features(features.drop(columns="geometry"), matcher)
    if province_code is not None:
        codes = codes[codes.province_code == province_code]
    if codes.empty:
        where = unit_list.units.at[province_code, "full_name"] if province_code else "Vietnam"
        raise InputError(f"{source.source}: no feature of {where} found; is this the right boundary file?")
    progress.update()
    progress.set_description("repairing geometry")
    geoms = clean_coverage(features.geometry.values[features.index.get_indexer(codes.index)])
    progress.update()

    # Leaves of the coverage: one per matched commune (merged parts dissolved) and one per unmatched feature.
    official_parent = unit_list.units.parent_code
    codes = codes.assign(district_code=codes.commune_code.map(official_parent).fillna(codes.district_code))
    leaf_keys = codes.commune_code.fillna(pd.Series([f"~{i}" for i in range(len(codes))], index=codes.index))
    leaves = dissolve(geoms, leaf_keys.to_numpy())
    leaf_codes = codes.groupby(leaf_keys.to_numpy()).first().loc[list(leaves)]
    leaf_geoms = np.array(list(leaves.values()), dtype=object)
    progress.update()

    def levels(coverage: np.ndarray) -> dict[str, shapely.Geometry]:
        out = {code: g for code, g in zip(leaf_codes.commune_code, coverage) if isinstance(code, str)}
        for level in ("district", "province"):
            column = leaf_codes[f"{level}_code"]
            known = column.notna().to_numpy()
            out.update(dissolve(coverage[known], column[known].to_numpy()))
        return out

    progress.set_description("dissolving parents")
    full = levels(leaf_geoms)
    progress.update()
    by_zoom = {}
    coverage = leaf_geoms
    for zoom in sorted(ZOOM_LEVELS, reverse=True):
        # Each coarser level starts from the finer one: the same outline at a quarter of the work.
        progress.set_description(f"simplifying for zoom {zoom}")
        coverage = simplify_for_zoom(coverage, zoom)
        at_zoom = levels(coverage)
        by_zoom[zoom] = as_multipolygons(np.array([at_zoom[c] for c in full], dtype=object))
        progress.update()
    by_zoom = dict(sorted(by_zoom.items()))

    units = unit_list.units.loc[list(full)].reset_index(drop=True)
    report_missing(report, unit_list, set(units.province_code), set(full))
    return BuiltUnits(units, as_multipolygons(np.array(list(full.values()), dtype=object)), by_zoom, report)


def fingerprint(source: BoundarySource, unit_list: UnitList, crosswalks: list[Crosswalk], scope: str) -> str:
    parts = [TRANSFORM_VERSION, source.checksum, ",".join(source.features.columns), unit_list.label, scope]
    parts += [c.checksum for c in crosswalks]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def load_boundaries(engine: Engine, source: BoundarySource, unit_list: UnitList, crosswalks: list[Crosswalk],
                    province_code: str | None = None, *, partial: bool = False,
                    quiet: bool = False) -> ImportResult:
    """Load one province (or the whole country when province_code is None); idempotent, one transaction.

    The source's boundary set becomes the current set of each province it holds. A source that lacks units the
    province's current set has is refused, unless ``partial``: then those units, and the parents the source holds
    only in part, are copied from the current set."""
    scope = province_code or COUNTRY_SCOPE
    print_id = fingerprint(source, unit_list, crosswalks, scope)
    with Session(engine) as session, session.begin():
        set_id = _boundary_set(session, source, unit_list).id
        if _already_imported(session, set_id, scope, print_id):
            return ImportResult(scope, set_id, True, {})
        steps = 4 + len(ZOOM_LEVELS) + 1
        with tqdm(total=steps, desc="matching units", unit="step", disable=quiet, leave=False) as progress:
            built = build_units(source, unit_list, crosswalks, province_code, progress)
            provinces = sorted(set(built.units.province_code))
            carried = _units_to_carry(session, source, unit_list, built, provinces, partial)
            built = built.without({code for codes in carried.values() for code in codes})
            progress.set_description("writing to the database")
            _replace_units(session, set_id, provinces, built, carried)
            _record_crosswalks(session, crosswalks)
            session.add(BoundaryImport(boundary_set_id=set_id, scope=scope, fingerprint=print_id,
                                       features_read=built.report.features, units_loaded=len(built.units),
                                       unmatched=len(built.report.unmatched),
                                       report=json.dumps(built.report.lines(), ensure_ascii=False)))
            progress.update()
    vertices = {"full": int(shapely.get_num_coordinates(built.geometry).sum())}
    vertices |= {f"z{z}": int(shapely.get_num_coordinates(g).sum()) for z, g in built.by_zoom.items()}
    return ImportResult(scope, set_id, False, built.units.level.value_counts().to_dict(), vertices,
                        built.report, sum(map(len, carried.values())))


def _units_to_carry(session: Session, source: BoundarySource, unit_list: UnitList, built: BuiltUnits,
                    provinces: list[str], partial: bool) -> dict[int, list[str]]:
    """Codes to copy from each current boundary set: the official units it has and the source lacks, with their
    parents (which the source holds only in part). Refused unless ``partial``."""
    rows = session.execute(select_current(AdminUnit.boundary_set_id, AdminUnit.code, AdminUnit.parent_code,
                                          AdminUnit.province_code)
                           .where(AdminUnit.province_code.in_(provinces))).all()
    loaded = set(built.units.code)
    lost = [row for row in rows if row.code in unit_list.units.index and row.code not in loaded]
    if lost and not partial:
        missing = pd.Series([row.province_code for row in lost]).value_counts().sort_index()
        names = unit_list.units.full_name
        where = ", ".join(f"{names[code]} ({count} units missing)" for code, count in missing.items())
        raise InputError(f"{source.source}: holds only part of {where}, which the current boundary set has whole; "
                         "pass --partial to add only what the file holds on top of the current set")
    wanted = {row.code for row in lost} | {row.parent_code for row in lost} | {row.province_code for row in lost}
    carried: dict[int, list[str]] = {}
    for row in rows:
        if row.code in wanted:
            carried.setdefault(row.boundary_set_id, []).append(row.code)
    return carried


def _boundary_set(session: Session, source: BoundarySource, unit_list: UnitList) -> BoundarySet:
    found = session.scalar(select(BoundarySet).where(BoundarySet.checksum == source.checksum,
                                                     BoundarySet.unit_list == unit_list.label))
    if found:
        return found
    boundary_set = BoundarySet(name=source.name, source=source.source, licence=source.licence,
                               source_date=source.source_date, checksum=source.checksum, unit_list=unit_list.label)
    session.add(boundary_set)
    session.flush()
    return boundary_set


def _already_imported(session: Session, boundary_set_id: int, scope: str, print_id: str) -> bool:
    last = session.scalar(select(BoundaryImport.fingerprint).where(
        BoundaryImport.boundary_set_id == boundary_set_id, BoundaryImport.scope == scope,
    ).order_by(BoundaryImport.id.desc()).limit(1))
    units_there = session.scalar(select(func.count()).select_from(AdminUnit).where(
        AdminUnit.boundary_set_id == boundary_set_id,
        *([] if scope == COUNTRY_SCOPE else [AdminUnit.province_code == scope])))
    return last == print_id and units_there > 0


def _replace_units(session: Session, boundary_set_id: int, provinces: list[str], built: BuiltUnits,
                   carried: dict[int, list[str]]) -> None:
    """Write the built units of the provinces into the set, beside the units carried from the current sets."""
    session.execute(delete(AdminUnit).where(AdminUnit.boundary_set_id == boundary_set_id,
                                            AdminUnit.province_code.in_(provinces),
                                            AdminUnit.code.not_in(carried.get(boundary_set_id, []))))
    points = label_points(built.geometry)
    areas = areas_km2(built.geometry)
    rows = [
        {**unit, "parent_code": unit["parent_code"] if isinstance(unit["parent_code"], str) else None,
         "boundary_set_id": boundary_set_id, "area_km2": float(area),
         "label_point": from_shape(point, srid=4326), "geom": from_shape(geom, srid=4326)}
        for unit, geom, point, area in zip(built.units.to_dict("records"), built.geometry, points, areas)
    ]
    ids = session.scalars(insert(AdminUnit).returning(AdminUnit.id, sort_by_parameter_order=True), rows).all()
    geometry_rows = [
        {"unit_id": unit_id, "zoom": zoom, "vertex_count": int(shapely.get_num_coordinates(geom)),
         "geom": from_shape(geom, srid=4326)}
        for zoom, geoms in built.by_zoom.items() for unit_id, geom in zip(ids, geoms)
    ]
    session.execute(insert(UnitGeometry), geometry_rows)
    for from_set, codes in carried.items():
        if from_set != boundary_set_id:  # units carried within the set itself stay where they are
            _copy_units(session, from_set, boundary_set_id, codes)


def _copy_units(session: Session, from_set: int, to_set: int, codes: list[str]) -> None:
    """Copy units, with their outlines at every zoom, from one boundary set into another."""
    table = AdminUnit.__table__
    columns = [c for c in table.columns if c.name not in ("id", "boundary_set_id")]
    chosen = (table.c.boundary_set_id == from_set) & table.c.code.in_(codes)
    session.execute(insert(table).from_select(["boundary_set_id", *(c.name for c in columns)],
                                              select(literal(to_set), *columns).where(chosen)))
    copy = aliased(AdminUnit)
    session.execute(insert(UnitGeometry).from_select(
        ["unit_id", "zoom", "vertex_count", "geom"],
        select(copy.id, UnitGeometry.zoom, UnitGeometry.vertex_count, UnitGeometry.geom)
        .join(AdminUnit, AdminUnit.id == UnitGeometry.unit_id)
        .join(copy, (copy.code == AdminUnit.code) & (copy.boundary_set_id == to_set)).where(chosen)))


def _record_crosswalks(session: Session, crosswalks: list[Crosswalk]) -> None:
    for crosswalk in crosswalks:
        session.execute(delete(CrosswalkEntry).where(CrosswalkEntry.name == crosswalk.name))
        rows = crosswalk.entries.drop(columns=["old_type", "new_name", "new_type"]).to_dict("records")
        if rows:
            session.execute(insert(CrosswalkEntry), [{**row, "name": crosswalk.name} for row in rows])
