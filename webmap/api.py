"""JSON/GeoJSON API."""
from flask import Blueprint

api = Blueprint("api", __name__, url_prefix="")


@api.get("/openapi.json")
def openapi():
    return {}
