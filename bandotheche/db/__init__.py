"""Storage: models shared by the ETL and the web app, and the engine for either back end."""

from .engine import open_database, upgrade_schema
from .models import AdminUnit, Base, BoundaryImport, BoundarySet, CrosswalkEntry, UnitGeometry
from .statistics import Agency, StatBatch, StatValue, StatValueHistory

__all__ = [
    "AdminUnit",
    "Agency",
    "Base",
    "BoundaryImport",
    "BoundarySet",
    "CrosswalkEntry",
    "StatBatch",
    "StatValue",
    "StatValueHistory",
    "UnitGeometry",
    "open_database",
    "upgrade_schema",
]
