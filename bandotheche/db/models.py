"""Administrative units, their boundary vintages, multi-resolution geometry and crosswalks."""

from __future__ import annotations

from datetime import date, datetime

from geoalchemy2 import Geometry
from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship



class Base(DeclarativeBase):
    pass


class BoundarySet(Base):
    """One vintage of boundaries: a source file joined to one official list of units."""

    __tablename__ = "boundary_set"
    __table_args__ = (UniqueConstraint("checksum", "unit_list", name="uq_boundary_set_source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text)
    licence: Mapped[str] = mapped_column(Text)
    source_date: Mapped[date | None] = mapped_column(Date)
    checksum: Mapped[str] = mapped_column(String(64))
    unit_list: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())

    units: Mapped[list[AdminUnit]] = relationship(back_populates="boundary_set", cascade="all, delete-orphan")


class BoundaryImport(Base):
    """A record of each boundary import: scope, fingerprint, counts and the matching report."""

    __tablename__ = "boundary_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    boundary_set_id: Mapped[int] = mapped_column(ForeignKey("boundary_set.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(10))  # a province code, or "VN" for the whole country
    fingerprint: Mapped[str] = mapped_column(String(64))
    features_read: Mapped[int] = mapped_column(Integer)
    units_loaded: Mapped[int] = mapped_column(Integer)
    unmatched: Mapped[int] = mapped_column(Integer)
    report: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class AdminUnit(Base):
    """A province, district or commune of one boundary set, identified by its GSO code."""

    __tablename__ = "admin_unit"
    __table_args__ = (
        UniqueConstraint("boundary_set_id", "code", name="uq_admin_unit_code"),
        Index("ix_admin_unit_parent", "boundary_set_id", "parent_code"),
        Index("ix_admin_unit_province", "boundary_set_id", "province_code", "level"),
        # Each province's current set: the newest set holding its province-level unit (db/unit_queries.py).
        Index("ix_admin_unit_current", "level", "province_code", "boundary_set_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    boundary_set_id: Mapped[int] = mapped_column(ForeignKey("boundary_set.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200))
    full_name: Mapped[str] = mapped_column(String(240))
    type: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(10))
    parent_code: Mapped[str | None] = mapped_column(String(10))
    province_code: Mapped[str] = mapped_column(String(10))
    area_km2: Mapped[float] = mapped_column(Float)
    label_point = mapped_column(Geometry("POINT", srid=4326, spatial_index=False))
    geom = mapped_column(Geometry("MULTIPOLYGON", srid=4326))

    boundary_set: Mapped[BoundarySet] = relationship(back_populates="units")
    geometries: Mapped[list[UnitGeometry]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class UnitGeometry(Base):
    """A unit's outline simplified for one web-map zoom level (shared borders stay shared)."""

    __tablename__ = "unit_geometry"

    unit_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id", ondelete="CASCADE"), primary_key=True)
    zoom: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    vertex_count: Mapped[int] = mapped_column(Integer)
    geom = mapped_column(Geometry("MULTIPOLYGON", srid=4326, spatial_index=False))


class CrosswalkEntry(Base):
    """One old unit and the new unit it became (merger, split share, rename or change of type)."""

    __tablename__ = "crosswalk"
    __table_args__ = (UniqueConstraint("name", "old_code", name="uq_crosswalk_old"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    old_code: Mapped[str] = mapped_column(String(10))
    old_name: Mapped[str] = mapped_column(String(200))
    old_parent_code: Mapped[str] = mapped_column(String(10))
    new_code: Mapped[str] = mapped_column(String(10))
    legal_basis: Mapped[str] = mapped_column(Text)
    effective_date: Mapped[date | None] = mapped_column(Date)
