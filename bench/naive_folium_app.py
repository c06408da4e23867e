"""The baseline: a Flask handler that builds a fresh Folium choropleth from a GeoDataFrame on every request.

This is what a first version of the service would do; bench_web compares the real server against it. GADM is read
once at start (Quảng Nam's communes, synthetic values), never per request.
"""

from __future__ import annotations

import os
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
from flask import Flask

from bandotheche.config import default_shared_gadm_dir

GADM_FILE = "gadm41_VNM_3.json.zip"


def create_app(gadm_path: str | None = None) -> Flask:
    path = Path(gadm_path or Path(os.environ.get("BANDO_GADM_DIR") or default_shared_gadm_dir()) / GADM_FILE)
    communes = gpd.read_file(path, where="NAME_1 = 'QuảngNam'")[["GID_3", "NAME_3", "geometry"]]
    communes["value"] = np.random.default_rng(49).uniform(40, 100, len(communes)).round(1)
    centre = communes.union_all().centroid
    app = Flask(__name__)

    @app.get("/")
    def commune_map():
        page = folium.Map(location=[centre.y, centre.x], zoom_start=9)
        folium.Choropleth(geo_data=communes, data=communes, columns=["GID_3", "value"],
                          key_on="feature.properties.GID_3", fill_color="YlGnBu", legend_name="Tỷ lệ đúng hạn (%)",
                          highlight=True).add_to(page)
        return page.get_root().render()

    return app
