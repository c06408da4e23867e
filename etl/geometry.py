"""Geometry work on whole arrays: repair, dissolve, label points, areas and multi-resolution coverages."""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import numpy as np
import shapely
from pyproj import Transformer

# Web-map zooms with precomputed outlines: country (5), region (7), province (9), district (11).
WEB_MERCATOR_M_PER_PX_Z0 = 2 * math.pi * 6378137 / 256
SIMPLIFY_PX = 0.5  # half a screen pixel: invisible at the zoom the outline is drawn for
# Gaps between neighbouring units narrower than this (degrees, about 330 m) are digitising slivers, not territory:
# every part of the country belongs to a commune. They are merged into the neighbour with the longest shared border.
# GADM's widest slivers are just under this; legitimate holes (enclaves) are units of their own, not gaps.
GAP_WIDTH_DEG = 0.003

_TO_MERCATOR = Transformer.from_crs(4326, 3857, always_xy=True)
_TO_WGS84 = Transformer.from_crs(3857, 4326, always_xy=True)
_TO_EQUAL_AREA = Transformer.from_crs(4326, 6933, always_xy=True)


def polygonal(geoms: np.ndarray) -> np.ndarray:
    """Valid (Multi)Polygons: make_valid, then keep only the polygonal parts of any collection it returns."""
    geoms = shapely.make_valid(np.asarray(geoms, dtype=object))
    out = geoms.copy()
    for i in np.flatnonzero(shapely.get_type_id(geoms) == shapely.GeometryType.GEOMETRYCOLLECTION):
        parts = shapely.get_parts(geoms[i])
        out[i] = shapely.union_all(parts[np.isin(shapely.get_type_id(parts), (3, 6))])
    return out


def clean_coverage(geoms: np.ndarray) -> np.ndarray:
    """Repair each polygon, then make the set a valid coverage: no overlaps, no slivers, identical shared edges."""
    repaired = polygonal(geoms)
    cleaned = shapely.coverage_clean(repaired, gap_width=GAP_WIDTH_DEG)
    # Cleaning can give an empty or non-polygonal result for a sliver; keep the repaired input there.
    bad = shapely.is_empty(cleaned) | ~np.isin(shapely.get_type_id(cleaned), (3, 6))
    cleaned[bad] = repaired[bad]
    return cleaned


def as_multipolygons(geoms: np.ndarray) -> np.ndarray:
    single = shapely.get_type_id(geoms) == shapely.GeometryType.POLYGON
    out = np.asarray(geoms, dtype=object).copy()
    out[single] = [shapely.MultiPolygon([g]) for g in out[single]]
    return out


def dissolve(geoms: np.ndarray, keys: Sequence[Hashable]) -> dict[Hashable, shapely.Geometry]:
    """Union the pieces of each key; pieces of a clean coverage share exact edges, so no slivers appear."""
    keys = np.asarray(keys, dtype=object)
    order = np.argsort(keys.astype(str), kind="stable")
    groups: dict[Hashable, shapely.Geometry] = {}
    boundaries = np.flatnonzero(keys[order][1:] != keys[order][:-1]) + 1
    for chunk in np.split(order, boundaries):
        if len(chunk) == 0:
            continue
        pieces = geoms[chunk]
        groups[keys[chunk[0]]] = pieces[0] if len(pieces) == 1 else _union(pieces)
    return groups


def _union(pieces: np.ndarray) -> shapely.Geometry:
    """Coverage union (fast, exact) where the pieces are noded as a coverage; full overlay union elsewhere."""
    try:
        return shapely.coverage_union_all(pieces)
    except shapely.errors.GEOSException:
        return shapely.union_all(pieces)


def label_points(geoms: np.ndarray) -> np.ndarray:
    """A point well inside each unit: the centre of the largest inscribed circle of its largest part."""
    parts, index = shapely.get_parts(geoms, return_index=True)
    order = np.lexsort((shapely.area(parts), index))  # by owner, then by area: each owner's largest part last
    last_of_owner = np.r_[index[order][1:] != index[order][:-1], True]
    biggest = parts[order[last_of_owner]]
    tolerance = np.maximum(np.sqrt(shapely.area(biggest)) / 100, 1e-6)
    circles = shapely.maximum_inscribed_circle(biggest, tolerance)
    return shapely.get_point(circles, 0)


def areas_km2(geoms: np.ndarray) -> np.ndarray:
    """Area on an equal-area projection (EPSG:6933), in square kilometres."""
    return shapely.area(shapely.transform(geoms, _project(_TO_EQUAL_AREA))) / 1e6


def _project(transformer: Transformer):
    def apply(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return apply


def simplify_for_zoom(coverage: np.ndarray, zoom: int) -> np.ndarray:
    """Simplify a clean coverage for a web-map zoom (in Web Mercator pixels), keeping shared borders shared."""
    tolerance = SIMPLIFY_PX * WEB_MERCATOR_M_PER_PX_Z0 / 2**zoom
    mercator = shapely.transform(coverage, _project(_TO_MERCATOR))
    return shapely.transform(shapely.coverage_simplify(mercator, tolerance), _project(_TO_WGS84))
