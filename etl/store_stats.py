"""Write a batch of base measures in one transaction: replace the periods it covers, keep what it replaced.

Replacement scope: every (province, period, measure) the batch carries. Re-importing a period's table therefore
replaces that period for the province (a unit missing from the new file loses its old value for those measures),
and importing it twice changes nothing but the batch log. Replaced values move to stat_value_history.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, and_, delete, insert, select, update

from bandotheche.db.statistics import Agency, StatBatch, StatValue, StatValueHistory
from bandotheche.errors import InputError

from .import_tables import VALUE_COLUMNS, ParsedBatch
from .stat_units import read_agencies

SHOWN_REJECTIONS = 20
INSERT_CHUNK = 20_000


@dataclass
class StoreResult:
    batch_id: int | None
    file_name: str
    table_type: str
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    values_written: int
    values_replaced: int
    periods: list[str]
    rejection_lines: list[str]

    def lines(self) -> list[str]:
        periods = _period_summary(self.periods)
        out = [f"{self.file_name} ({self.table_type}): {self.rows_read} rows read, {self.rows_accepted} accepted, "
               f"{self.rows_rejected} rejected; {self.values_written} values written for {periods}, "
               f"{self.values_replaced} earlier values replaced (kept in history); batch {self.batch_id}"]
        out += [f"  rejected: {line}" for line in self.rejection_lines]
        return out


def _period_summary(periods: list[str]) -> str:
    if not periods:
        return "no period"
    return periods[0] if len(periods) == 1 else f"{len(periods)} periods {periods[0]} … {periods[-1]}"


def refuse_if_rejected(parsed: ParsedBatch) -> None:
    """Strict import: any rejected row stops the whole file, naming file, row and column of each problem."""
    if not parsed.rejections:
        return
    lines = parsed.rejection_lines()
    shown = "\n  ".join(lines[:SHOWN_REJECTIONS])
    more = f"\n  … and {len(lines) - SHOWN_REJECTIONS} more" if len(lines) > SHOWN_REJECTIONS else ""
    raise InputError(f"{parsed.path.name}: {parsed.rows_rejected} of {parsed.rows_read} rows rejected, nothing "
                     f"imported (fix them, or import the valid rows with --skip-invalid):\n  {shown}{more}")


def sync_agencies(connection, agencies: pd.DataFrame | None = None) -> None:
    """Insert or update the shipped agency lists (idempotent)."""
    agencies = read_agencies() if agencies is None else agencies
    existing = set(connection.scalars(select(Agency.code)))
    for agency in agencies.to_dict("records"):
        row = {k: (v if v == v and v != "" else None) for k, v in agency.items()}
        row["source"] = row["source"] or ""
        if agency["code"] in existing:
            connection.execute(update(Agency).where(Agency.code == agency["code"]).values(**row))
        else:
            connection.execute(insert(Agency).values(**row))


def store_batch(engine: Engine, parsed: ParsedBatch, *, kind: str, is_demo: bool = False) -> StoreResult:
    """Record the batch and write its values, replacing what they cover; one transaction."""
    values = parsed.values[VALUE_COLUMNS]
    periods = sorted(values.period.unique().tolist())
    with engine.begin() as connection:
        sync_agencies(connection)
        batch_id = connection.execute(insert(StatBatch).values(
            kind=kind, file_name=str(parsed.path), checksum=parsed.checksum, table_type=parsed.table_type,
            rows_read=parsed.rows_read, rows_accepted=parsed.rows_accepted, rows_rejected=parsed.rows_rejected,
            rejections="\n".join(parsed.rejection_lines()), values_written=len(values), values_replaced=0,
            periods=",".join(periods), is_demo=is_demo)).inserted_primary_key[0]
        replaced = _replace_scope(connection, values, batch_id)
        _insert_values(connection, values, batch_id, is_demo)
        connection.execute(update(StatBatch).where(StatBatch.id == batch_id).values(values_replaced=replaced))
    return StoreResult(batch_id, parsed.path.name, parsed.table_type, parsed.rows_read, parsed.rows_accepted,
                       parsed.rows_rejected, len(values), replaced, periods, parsed.rejection_lines())


def _replace_scope(connection, values: pd.DataFrame, batch_id: int) -> int:
    replaced = 0
    scopes = values.groupby(["province_code", "period"]).measure.unique()
    for (province_code, period), measures in scopes.items():
        where = and_(StatValue.province_code == province_code, StatValue.period == period,
                     StatValue.measure.in_(sorted(measures)))
        old = select(StatValue.unit_code, StatValue.period, StatValue.measure, StatValue.value, StatValue.batch_id,
                     select(StatBatch.id).where(StatBatch.id == batch_id).scalar_subquery(),
                     StatValue.is_demo).where(where)
        result = connection.execute(insert(StatValueHistory).from_select(
            ["unit_code", "period", "measure", "value", "batch_id", "replaced_by", "is_demo"], old),
            execution_options={"preserve_rowcount": True})  # psycopg 3 answers -1 once the cursor is closed
        replaced += result.rowcount
        connection.execute(delete(StatValue).where(where))
    return replaced


def _insert_values(connection, values: pd.DataFrame, batch_id: int, is_demo: bool) -> None:
    frame = values.assign(batch_id=batch_id, is_demo=is_demo, value=values.value.astype(float))
    frame = frame.astype(object).where(frame.notna(), None)
    records = frame.to_dict("records")
    for start in range(0, len(records), INSERT_CHUNK):
        connection.execute(insert(StatValue), records[start:start + INSERT_CHUNK])
