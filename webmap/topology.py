"""Compact TopoJSON for the browser: shared borders stored once, coordinates quantised to a fraction of a pixel."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import topojson

PIXEL_FRACTION = 2  # quantisation step: half a screen pixel at the zoom the geometry was simplified for


def quantisation_steps(bounds: tuple[float, float, float, float], zoom: int) -> int:
    """Grid steps across the larger side of bounds so that one step is half a pixel at zoom."""
    west, south, east, north = bounds
    step = 360 / (256 * 2**zoom) / PIXEL_FRACTION
    return max(16, math.ceil(max(east - west, north - south) / step))


def build_topology(layers: dict[str, gpd.GeoDataFrame], zoom: int) -> dict:
    """One topology holding each GeoDataFrame as a named object; geometries keep the frame's row order, and an
    empty frame is an empty object (only empty frames: a topology without arcs, e.g. an area without units).
    Holes are kept: the ETL merges digitising slivers (etl/geometry.py GAP_WIDTH_DEG), so a hole left is an enclave
    (another unit's territory) whose ring is a real border."""
    names = [name for name, frame in layers.items() if len(frame)]
    if names:
        frames = [gpd.GeoDataFrame(geometry=layers[name].geometry).reset_index(drop=True) for name in names]
        bounds = gpd.GeoSeries(pd.concat([f.geometry for f in frames]), crs=4326).total_bounds
        topology = topojson.Topology(frames, object_name=names, prequantize=quantisation_steps(tuple(bounds), zoom),
                                     presimplify=False, toposimplify=False).to_dict()
    else:
        topology = {"type": "Topology", "objects": {}, "arcs": [], "transform": {"scale": [1, 1], "translate": [0, 0]}}
    for obj in topology["objects"].values():
        for geometry in obj["geometries"]:
            geometry.pop("properties", None)
            geometry.pop("id", None)
    for name in layers:
        topology["objects"].setdefault(name, {"type": "GeometryCollection", "geometries": []})
    topology.pop("bbox", None)
    return topology
