"""Levels of units and the web-map zooms with precomputed outlines: named once, here."""

from __future__ import annotations

AREA_LEVELS = ("province", "district", "commune")       # units with a polygon
LEVELS = (*AREA_LEVELS, "agency")                       # agencies (sở, ban, ngành) have values but no polygon
CHILD_LEVEL = {"country": "province", "province": "district", "district": "commune"}
ZOOM_LEVELS = (5, 7, 9, 11)                              # outlines stored per unit (etl/geometry.py)
