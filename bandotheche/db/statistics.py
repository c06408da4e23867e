"""Statistics: agencies (units without a polygon), import batches, base measures per unit and period, and history.

Statistics join on GSO codes (stable across boundary vintages) or agency codes, never on admin_unit ids.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base



class Agency(Base):
    """A department, board or agency (sở, ban, ngành) attached to a province: statistics, no polygon."""

    __tablename__ = "agency"
    __table_args__ = (Index("ix_agency_province", "province_code"),)

    code: Mapped[str] = mapped_column(String(20), primary_key=True)  # "49.STP": province code + abbreviation
    province_code: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))  # department, board, office, inspectorate, project_board
    source: Mapped[str] = mapped_column(Text)


class StatBatch(Base):
    """One import: the file, its fingerprint, what was accepted and what was rejected (row, column, reason)."""

    __tablename__ = "stat_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # tables, dossiers, demo
    file_name: Mapped[str] = mapped_column(Text)
    checksum: Mapped[str] = mapped_column(String(64))
    table_type: Mapped[str | None] = mapped_column(String(40))
    rows_read: Mapped[int] = mapped_column(Integer)
    rows_accepted: Mapped[int] = mapped_column(Integer)
    rows_rejected: Mapped[int] = mapped_column(Integer)
    rejections: Mapped[str] = mapped_column(Text)  # one line per rejected row: "row N, column C: reason"
    values_written: Mapped[int] = mapped_column(Integer)
    values_replaced: Mapped[int] = mapped_column(Integer)
    periods: Mapped[str] = mapped_column(Text)  # the periods the batch covers, comma-separated
    is_demo: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class StatValue(Base):
    """The current value of one base measure (layers/measures.toml) for one unit and one period."""

    __tablename__ = "stat_value"
    __table_args__ = (
        Index("ix_stat_value_scope", "province_code", "period", "measure"),
        Index("ix_stat_value_period", "period", "measure"),
        Index("ix_stat_value_batch", "batch_id"),
    )

    unit_code: Mapped[str] = mapped_column(String(20), primary_key=True)  # GSO code or agency code
    period: Mapped[str] = mapped_column(String(7), primary_key=True)  # 2022-06, 2022-Q2 or 2022
    measure: Mapped[str] = mapped_column(String(40), primary_key=True)
    level: Mapped[str] = mapped_column(String(10))  # province, district, commune, agency
    province_code: Mapped[str] = mapped_column(String(10))
    district_code: Mapped[str | None] = mapped_column(String(10))  # a district's own code; a commune's parent
    value: Mapped[float] = mapped_column(Float)
    batch_id: Mapped[int] = mapped_column(ForeignKey("stat_batch.id"))
    is_demo: Mapped[bool] = mapped_column(Boolean)


class StatValueHistory(Base):
    """A value that a later import replaced, kept with the batch that replaced it."""

    __tablename__ = "stat_value_history"
    __table_args__ = (Index("ix_stat_value_history_unit", "unit_code", "period", "measure"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(7))
    measure: Mapped[str] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    batch_id: Mapped[int] = mapped_column(ForeignKey("stat_batch.id"))
    replaced_by: Mapped[int] = mapped_column(ForeignKey("stat_batch.id"))
    is_demo: Mapped[bool] = mapped_column(Boolean)
