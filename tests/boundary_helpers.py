"""Small helpers shared by the boundary tests."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bandotheche.db.models import AdminUnit, BoundaryImport, UnitGeometry


def database_state(engine) -> tuple:
    """Counts and the newest import id: equal before and after a failed command means nothing changed."""
    with Session(engine) as session:
        return (
            session.scalar(select(func.count()).select_from(AdminUnit)),
            session.scalar(select(func.count()).select_from(UnitGeometry)),
            session.scalar(select(func.max(BoundaryImport.id))),
        )
