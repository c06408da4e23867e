"""Storage: models shared by the ETL and the web app, and the engine for either back end."""

from .engine import open_database, upgrade_schema
from .models import AdminUnit, Base, BoundaryImport, BoundarySet, CrosswalkEntry, UnitGeometry

__all__ = [
    "AdminUnit",
    "Base",
    "BoundaryImport",
    "BoundarySet",
    "CrosswalkEntry",
    "UnitGeometry",
    "open_database",
    "upgrade_schema",
]
