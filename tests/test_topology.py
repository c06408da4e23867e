"""webmap/topology.py on tiny frames (no database): every layer named is an object, an empty one included."""

from __future__ import annotations

import geopandas as gpd
import shapely

from webmap.topology import build_topology

EMPTY = gpd.GeoDataFrame(geometry=[], crs=4326)


def test_an_empty_layer_is_an_empty_object_beside_the_others():
    square = gpd.GeoDataFrame(geometry=[shapely.box(108, 15, 108.1, 15.1)], crs=4326)
    topology = build_topology({"units": EMPTY, "outline": square}, zoom=9)
    assert topology["objects"]["units"] == {"type": "GeometryCollection", "geometries": []}
    assert len(topology["objects"]["outline"]["geometries"]) == 1 and topology["transform"]["scale"][0] > 0


def test_only_empty_layers_give_an_empty_topology():
    """An area without units (a unit with no children) is drawn as nothing, not a server error."""
    topology = build_topology({"units": EMPTY, "outline": EMPTY}, zoom=9)
    assert topology["type"] == "Topology" and topology["arcs"] == []
    assert topology["objects"] == {name: {"type": "GeometryCollection", "geometries": []}
                                   for name in ("units", "outline")}
    assert set(topology["transform"]) == {"scale", "translate"}  # what static/map.js decodes arcs with
