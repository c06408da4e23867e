"""Compact TopoJSON for the browser: shared borders stored once, coordinates quantised to a fraction of a pixel."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import shapely
import topojson

MIN_HOLE_PX = 3     # holes smaller than 3 × 3 screen pixels are slivers, not lakes or enclaves
PIXEL_FRACTION = 2  # quantisation step: half a screen pixel at the zoom the geometry was simplified for


def quantisation_steps(bounds: tuple[float, float, float, float], zoom: int) -> int:
    """Grid steps across the larger side of bounds so that one step is half a pixel at zoom."""
    west, south, east, north = bounds
    step = 360 / (256 * 2**zoom) / PIXEL_FRACTION
    return max(16, math.ceil(max(east - west, north - south) / step))


def without_slivers(geometries: gpd.GeoSeries, zoom: int) -> gpd.GeoSeries:
    """Drop holes smaller than a few pixels at zoom: gaps between merged communes that would draw as specks."""
    pixel_deg = 360 / (256 * 2**zoom)
    smallest = (MIN_HOLE_PX * pixel_deg) ** 2

    def clean(geometry):
        if geometry is None or geometry.is_empty:
            return geometry
        polygons = [shapely.Polygon(p.exterior, [h for h in p.interiors if shapely.Polygon(h).area >= smallest])
                    for p in shapely.get_parts(geometry)]
        return shapely.MultiPolygon(polygons)

    if not any(len(p.interiors) for g in geometries if g is not None for p in shapely.get_parts(g)):
        return geometries
    return gpd.GeoSeries([clean(g) for g in geometries], index=geometries.index, crs=geometries.crs)


def build_topology(layers: dict[str, gpd.GeoDataFrame], zoom: int) -> dict:
    """One topology holding each GeoDataFrame as a named object; geometries keep the frame's row order."""
    names = [name for name, frame in layers.items() if len(frame)]
    frames = [gpd.GeoDataFrame(geometry=without_slivers(layers[name].geometry, zoom)).reset_index(drop=True)
              for name in names]
    bounds = gpd.GeoSeries(pd.concat([f.geometry for f in frames]), crs=4326).total_bounds
    topology = topojson.Topology(frames, object_name=names, prequantize=quantisation_steps(tuple(bounds), zoom),
                                 presimplify=False, toposimplify=False).to_dict()
    for obj in topology["objects"].values():
        for geometry in obj["geometries"]:
            geometry.pop("properties", None)
            geometry.pop("id", None)
    topology.pop("bbox", None)
    return topology
