"""Dossier-level records (one row per dossier) → the monthly dossier measures of every unit.

The file is read in chunks; each chunk is checked and reduced to compact arrays (unit, channel, dates as day
numbers, flags), so a million dossiers fit in a few hundred MB. Then, per unit and month:
  received_* (by channel), digitised, fee_dossiers, paid_online, synced_national, returned_supplement, extended:
      counted in the month the dossier was received;
  resolved_early/ontime/late (resolved before / on / after the due date), results_electronic, apology_letters,
  late_without_apology, feedback_*, refused, cancelled: counted in the month the dossier was closed;
  pending_within / pending_overdue: dossiers open at the end of the month, by whether the due date has passed;
  carried_over: dossiers open at the end of the previous month.
Months span from the earliest reception to the latest date in the file. Quarters and years are built from the
months when read (layers/values.py).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from bandotheche.errors import InputError
from layers.periods import Period

from .import_tables import VALUE_COLUMNS, ParsedBatch, Rejection
from .read_tables import EXTRA, decode_text, file_checksum, read_table
from .stat_tables import header_key, key_columns
from .stat_units import StatUnit, StatUnitResolver

CHUNK_ROWS = 200_000
COLUMNS = {  # role → accepted headers
    "id": ("Mã hồ sơ", "Số hồ sơ"),
    "procedure": ("Thủ tục", "Tên thủ tục", "Mã thủ tục"),
    "channel": ("Kênh tiếp nhận", "Hình thức tiếp nhận"),
    "received": ("Ngày tiếp nhận",),
    "due": ("Ngày hẹn trả",),
    "resolved": ("Ngày trả kết quả", "Ngày kết thúc"),
    "status": ("Trạng thái",),
}
REQUIRED = ("id", "procedure", "channel", "received", "due", "status")
FLAGS = {  # role → (headers, bit)
    "supplement": (("Bổ sung", "Yêu cầu bổ sung"), 0),
    "extended": (("Gia hạn",), 1),
    "apology": (("Thư xin lỗi",), 2),
    "digitised": (("Số hóa",), 3),
    "electronic": (("Kết quả điện tử",), 4),
    "fee": (("Có phí", "Có phí, lệ phí"), 5),
    "paid_online": (("Thanh toán trực tuyến",), 6),
    "synced": (("Đồng bộ DVCQG", "Đồng bộ Cổng DVC quốc gia"), 7),
}
RATING = ("Đánh giá",)
CHANNELS = {"tructuyen": 0, "online": 0, "dvctt": 0, "tructiep": 1, "direct": 1, "buuchinh": 2, "bcci": 2,
            "quabuuchinh": 2, "buuchinhcongich": 2, "postal": 2}
CHANNEL_MEASURES = ("received_online", "received_direct", "received_postal")
STATUSES = {"datraketqua": "resolved", "dagiaiquyet": "resolved", "hoanthanh": "resolved", "resolved": "resolved",
            "danggiaiquyet": "open", "dangxuly": "open", "chobosung": "open", "open": "open",
            "tuchoi": "refused", "refused": "refused", "dahuy": "cancelled", "huy": "cancelled",
            "rut": "cancelled", "cancelled": "cancelled"}
STATUS_CODES = {"open": 0, "resolved": 1, "refused": 2, "cancelled": 3}
TRUE_WORDS = {"1", "x", "co", "true", "yes", "dung"}
FALSE_WORDS = {"", "0", "khong", "false", "no", "sai"}
RATINGS = {"": 0, "hailong": 1, "rathailong": 1, "satisfied": 1, "khonghailong": 2, "chuahailong": 2,
           "binhthuong": 2, "unsatisfied": 2}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y",
                "%Y-%m-%dT%H:%M:%S")
EPOCH = np.datetime64("1970-01-01", "D")
MAX_REJECTIONS_KEPT = 10_000


@dataclass
class _Compact:
    """The accepted dossiers of the file, as arrays."""

    unit: list[np.ndarray] = field(default_factory=list)
    channel: list[np.ndarray] = field(default_factory=list)
    received: list[np.ndarray] = field(default_factory=list)
    due: list[np.ndarray] = field(default_factory=list)
    closed: list[np.ndarray] = field(default_factory=list)
    status: list[np.ndarray] = field(default_factory=list)
    flags: list[np.ndarray] = field(default_factory=list)
    rating: list[np.ndarray] = field(default_factory=list)

    def joined(self) -> dict[str, np.ndarray]:
        return {k: np.concatenate(v) if v else np.array([], dtype=np.int64) for k, v in self.__dict__.items()}


def _key(text: pd.Series) -> pd.Series:
    """header_key of each cell, computed once per distinct value."""
    return text.map({value: header_key(value) for value in text.unique()})


def _columns(headers: list[str], path: Path) -> tuple[dict[str, str], dict[str, str], str | None, dict[str, str]]:
    by_key = {header_key(h): h for h in headers}

    def find(names):
        return next((by_key[header_key(n)] for n in names if header_key(n) in by_key), None)

    roles = {role: find(names) for role, names in COLUMNS.items()}
    missing = [COLUMNS[r][0] for r in REQUIRED if not roles[r]]
    units = key_columns(headers)
    units.pop("period", None)
    units.pop("name", None) if "code" in units and "name" not in units else None
    name_column = find(("Đơn vị tiếp nhận", "Tên đơn vị", "Cơ quan tiếp nhận"))
    if name_column:
        units["name"] = name_column
    if "code" not in units and "name" not in units:
        missing.append("Mã đơn vị (or Đơn vị tiếp nhận)")
    if missing:
        raise InputError(f"{path.name}: missing columns for dossier records: {', '.join(missing)} "
                         f"(template: data/templates/dossier_records.csv)")
    flags = {role: find(names) for role, (names, _) in FLAGS.items()}
    return {k: v for k, v in roles.items() if v}, units, find(RATING), {k: v for k, v in flags.items() if v}


def _dates(text: pd.Series) -> pd.Series:
    """Day numbers since 1970 (NaN where empty or not a date); each distinct text is parsed once."""
    distinct = pd.Series(text.unique())
    cleaned = distinct.str.strip()
    parsed = pd.Series(pd.NaT, index=distinct.index, dtype="datetime64[s]")
    todo = cleaned.ne("")
    for fmt in DATE_FORMATS:
        if not todo.any():
            break
        attempt = pd.to_datetime(cleaned[todo], format=fmt, errors="coerce")
        found = attempt.notna()
        parsed.loc[found[found].index] = attempt[found]
        todo &= parsed.isna()
    days = (parsed.dt.floor("D") - pd.Timestamp("1970-01-01")).dt.days
    return text.map(pd.Series(days.to_numpy(), index=distinct.to_numpy()))


class DossierReader:
    def __init__(self, path: Path, resolver: StatUnitResolver, province_code: str | None):
        self.path, self.resolver, self.province_code = Path(path), resolver, province_code
        self.rejections: list[Rejection] = []
        self.rejected_rows: set[int] = set()
        self.units: list[StatUnit] = []
        self.unit_index: dict[str, int] = {}
        self.first_row_of_id: dict[int, int] = {}
        self.rows_read = 0

    def reject(self, rows: pd.Index | np.ndarray, column: str | None, reasons) -> None:
        rows = np.asarray(rows)
        reasons = [reasons] * len(rows) if isinstance(reasons, str) else list(reasons)
        for row, reason in zip(rows.tolist(), reasons):
            self.rejected_rows.add(row)
            if len(self.rejections) < MAX_REJECTIONS_KEPT:
                self.rejections.append(Rejection(row, column, reason))

    def chunks(self):
        """Frames of strings, indexed by spreadsheet row number."""
        if self.path.stat().st_size == 0:
            raise InputError(f"{self.path.name}: the file is empty; export the records again with their header row")
        if self.path.suffix.lower() in (".xlsx", ".xlsm"):
            raw = read_table(self.path, lambda cells: any(header_key(c) == header_key("Mã hồ sơ") for c in cells))
            frame = raw.frame.set_axis(raw.first_row + np.arange(len(raw.frame)))
            self.letters = raw.column_letters
            yield frame
            return
        with self.path.open("rb") as handle:
            head = handle.read(1 << 16)
        _, encoding = decode_text(head if len(head) < (1 << 16) else head[: head.rfind(b"\n") + 1], self.path)
        encoding = {"utf-8": "utf-8-sig"}.get(encoding, encoding)
        sample = head.decode(encoding, errors="ignore")
        try:
            delimiter = csv.Sniffer().sniff("\n".join(sample.splitlines()[:20]), delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
        try:
            reader = pd.read_csv(self.path, dtype=str, keep_default_na=False, encoding=encoding, sep=delimiter,
                                 chunksize=CHUNK_ROWS, skip_blank_lines=True)
            first = 2
            for chunk in reader:
                if self.rows_read == 0:
                    self.letters = {h: str(i + 1) for i, h in enumerate(chunk.columns)}
                chunk.columns = [str(c).strip() for c in chunk.columns]
                chunk.index = first + np.arange(len(chunk))
                first += len(chunk)
                yield chunk
        except pd.errors.EmptyDataError:
            raise InputError(f"{self.path.name}: the file is empty; export the records again with their header row")
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise InputError(f"{self.path.name}: cannot read the CSV ({str(exc).splitlines()[0]})") from exc

    def read(self) -> dict[str, np.ndarray]:
        compact = _Compact()
        layout = None
        for chunk in self.chunks():
            if layout is None:
                headers = [h for h in chunk.columns if h != EXTRA]
                layout = _columns(headers, self.path)
            self.rows_read += len(chunk)
            self._chunk(chunk.fillna(""), layout, compact)
        if layout is None or self.rows_read == 0:
            raise InputError(f"{self.path.name}: the file has a header but no dossiers")
        return compact.joined()

    def _units(self, frame: pd.DataFrame, units: dict[str, str]) -> pd.Series:
        """Index into self.units per row (-1 where the unit is unknown; those rows are rejected)."""
        roles = ("code", "name", "level", "parent", "province")
        combos = pd.DataFrame({r: frame[units[r]] if r in units else "" for r in roles}, index=frame.index)
        group = combos.groupby(list(roles), sort=False).ngroup().to_numpy()
        firsts = combos.drop_duplicates()
        mapping = np.full(len(firsts), -1, dtype=np.int64)
        reasons: dict[int, tuple[str, str]] = {}
        for i, combo in enumerate(firsts.itertuples(index=False)):
            code, name, level, parent, province = (str(v).strip() for v in combo)
            province_code = self.province_code
            if province:
                try:
                    province_code = self.resolver.province_code(province)
                except InputError as exc:
                    reasons[i] = (units["province"], str(exc))
                    continue
            found = self.resolver.resolve(code, name, level, parent, province_code)
            if isinstance(found, str):
                reasons[i] = (units.get("code") if code else units.get("name"), f"unknown unit: {found}")
                continue
            if found.code not in self.unit_index:
                self.unit_index[found.code] = len(self.units)
                self.units.append(found)
            mapping[i] = self.unit_index[found.code]
        for i, (column, reason) in reasons.items():
            self.reject(frame.index[group == i], column, reason)
        return pd.Series(mapping[group], index=frame.index)

    def _chunk(self, frame: pd.DataFrame, layout, compact: _Compact) -> None:
        roles, units, rating_column, flags = layout
        bad = pd.Series(False, index=frame.index)

        def flag_bad(mask: pd.Series, column: str | None, reason) -> None:
            """Reject the rows of ``mask`` not rejected yet; ``reason`` is a text or a function of the rows."""
            nonlocal bad
            mask = mask.fillna(False).astype(bool) & ~bad
            if mask.any():
                self.reject(frame.index[mask], column, reason if isinstance(reason, str) else reason(mask))
                bad |= mask

        if EXTRA in frame:
            flag_bad(frame[EXTRA].ne(""), None, "cells right of the last header column")
        ids = frame[roles["id"]]
        flag_bad(ids.eq(""), roles["id"], "empty dossier id")
        hashes = pd.Series(pd.util.hash_array(ids.to_numpy(dtype=object)), index=frame.index)
        first_in_chunk = ~hashes.duplicated()
        seen_before = hashes.map(self.first_row_of_id) if self.first_row_of_id else pd.Series(np.nan, index=frame.index)
        earlier = hashes.map(pd.Series(frame.index[first_in_chunk], index=hashes[first_in_chunk].to_numpy()))
        first_row = seen_before.where(seen_before.notna(), earlier).astype(np.int64)
        duplicate = first_row.ne(pd.Series(frame.index, index=frame.index)) & ids.ne("")
        flag_bad(duplicate, roles["id"], lambda m: "duplicate dossier id '" + ids[m] + "', first in row "
                 + first_row[m].astype(str))
        for h, row in zip(hashes[first_in_chunk & ~duplicate], frame.index[first_in_chunk & ~duplicate]):
            self.first_row_of_id[h] = row
        flag_bad(frame[roles["procedure"]].eq(""), roles["procedure"], "empty procedure")
        unit = self._units(frame, units)
        bad |= unit < 0
        channel = _key(frame[roles["channel"]]).map(CHANNELS)
        flag_bad(channel.isna(), roles["channel"], lambda m: "channel '" + frame.loc[m, roles["channel"]] +
                 "' not understood: Trực tuyến, Trực tiếp or Bưu chính")
        status = _key(frame[roles["status"]]).map(STATUSES)
        flag_bad(status.isna(), roles["status"], lambda m: "status '" + frame.loc[m, roles["status"]] +
                 "' not understood: Đã trả kết quả, Đang giải quyết, Từ chối or Đã hủy")
        dates = {}
        for role in ("received", "due", "resolved"):
            if role not in roles:
                dates[role] = pd.Series(np.nan, index=frame.index)
                continue
            text = frame[roles[role]]
            dates[role] = _dates(text)
            flag_bad(text.ne("") & dates[role].isna(), roles[role],
                     lambda m, text=text: "date '" + text[m] + "' not understood: write dd/mm/yyyy or yyyy-mm-dd")
        flag_bad(dates["received"].isna(), roles["received"], "empty reception date")
        flag_bad(dates["due"].isna(), roles["due"], "empty due date")
        flag_bad(dates["due"] < dates["received"], roles["due"], "dates out of order: due before received")
        resolved_column = roles.get("resolved")
        closed = status.isin(["resolved", "refused", "cancelled"])
        flag_bad(status.eq("resolved") & dates["resolved"].isna(), resolved_column or roles["status"],
                 "a resolved dossier needs its resolution date (Ngày trả kết quả)")
        flag_bad(status.eq("open") & dates["resolved"].notna(), resolved_column,
                 "a dossier in progress has a resolution date: check the status")
        flag_bad(dates["resolved"] < dates["received"], resolved_column,
                 "dates out of order: resolved before received")
        bits = pd.Series(0, index=frame.index, dtype=np.int64)
        for role, column in flags.items():
            key = _key(frame[column])
            flag_bad(~key.isin(TRUE_WORDS | FALSE_WORDS), column,
                     lambda m, column=column: "'" + frame.loc[m, column] + "' is not a yes/no flag: write 1 or 0")
            bits += key.isin(TRUE_WORDS).astype(np.int64) * (1 << FLAGS[role][1])
        rating = pd.Series(0, index=frame.index)
        if rating_column:
            rating = _key(frame[rating_column]).map(RATINGS)
            flag_bad(rating.isna(), rating_column, lambda m: "rating '" + frame.loc[m, rating_column] +
                     "' not understood: Hài lòng, Không hài lòng or empty")
        good = ~bad
        compact.unit.append(unit[good].to_numpy(np.int32))
        compact.channel.append(channel[good].to_numpy(np.int8))
        compact.received.append(dates["received"][good].to_numpy(np.int32))
        compact.due.append(dates["due"][good].to_numpy(np.int32))
        closing = dates["resolved"].where(dates["resolved"].notna(), dates["received"].where(closed))
        compact.closed.append(closing[good].fillna(-1).to_numpy(np.int32))
        compact.status.append(status[good].map(STATUS_CODES).to_numpy(np.int8))
        compact.flags.append(bits[good].to_numpy(np.int16))
        compact.rating.append(rating[good].fillna(0).to_numpy(np.int8))


def _month_numbers(days: np.ndarray) -> np.ndarray:
    months = (EPOCH + days.astype("timedelta64[D]")).astype("datetime64[M]")
    return months.astype(np.int64)  # months since 1970-01


def aggregate(data: dict[str, np.ndarray], n_units: int) -> tuple[dict[str, np.ndarray], int, int]:
    """Measures as (units × months) arrays, the first month number and the month count."""
    received_m = _month_numbers(data["received"])
    is_closed = data["closed"] >= 0
    closed_m = np.where(is_closed, _month_numbers(np.where(is_closed, data["closed"], 0)), 0)
    due_m = _month_numbers(data["due"])
    first = int(received_m.min())
    last = int(max(received_m.max(), closed_m[is_closed].max() if is_closed.any() else first))
    t = last - first + 1
    unit = data["unit"].astype(np.int64)
    recv, close, due = received_m - first, np.where(is_closed, closed_m - first, t), due_m - first
    flags, status = data["flags"], data["status"]

    def count(month: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return np.bincount(unit[mask] * t + month[mask], minlength=n_units * t).reshape(n_units, t)

    def bit(name: str) -> np.ndarray:
        return (flags >> FLAGS[name][1]) & 1 == 1

    def spans(start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Dossiers open at the end of each month m with start <= m < end."""
        start, end = np.clip(start, 0, t), np.clip(end, 0, t)
        keep = start < end
        diff = np.zeros(n_units * (t + 1), dtype=np.int64)
        np.add.at(diff, unit[keep] * (t + 1) + start[keep], 1)
        np.add.at(diff, unit[keep] * (t + 1) + end[keep], -1)
        return np.cumsum(diff.reshape(n_units, t + 1), axis=1)[:, :t]

    resolved = status == STATUS_CODES["resolved"]
    late = resolved & (data["closed"] > data["due"])
    measures = {name: count(recv, data["channel"] == i) for i, name in enumerate(CHANNEL_MEASURES)}
    measures.update({
        "digitised": count(recv, bit("digitised")), "fee_dossiers": count(recv, bit("fee")),
        "paid_online": count(recv, bit("fee") & bit("paid_online")), "synced_national": count(recv, bit("synced")),
        "returned_supplement": count(recv, bit("supplement")), "extended": count(recv, bit("extended")),
        "resolved_early": count(close, resolved & (data["closed"] < data["due"])),
        "resolved_ontime": count(close, resolved & (data["closed"] == data["due"])),
        "resolved_late": count(close, late),
        "results_electronic": count(close, resolved & bit("electronic")),
        "apology_letters": count(close, late & bit("apology")),
        "late_without_apology": count(close, late & ~bit("apology")),
        "refused": count(close, status == STATUS_CODES["refused"]),
        "cancelled": count(close, status == STATUS_CODES["cancelled"]),
        "feedback_total": count(close, resolved & (data["rating"] > 0)),
        "feedback_satisfied": count(close, resolved & (data["rating"] == 1)),
    })
    within = spans(recv, np.minimum(close, due))
    overdue = spans(np.maximum(recv, due), close)
    measures["pending_within"], measures["pending_overdue"] = within, overdue
    open_at_end = within + overdue
    measures["carried_over"] = np.concatenate([np.zeros((n_units, 1), dtype=np.int64), open_at_end[:, :-1]], axis=1)
    return measures, first, t


def parse_dossier_records(path: Path, resolver: StatUnitResolver, province_code: str | None = None) -> ParsedBatch:
    reader = DossierReader(path, resolver, province_code)
    data = reader.read()
    path = Path(path)
    letters = getattr(reader, "letters", {})
    rejections = sorted(reader.rejections, key=lambda r: (r.row or 0))
    if len(data["unit"]) == 0:
        values = pd.DataFrame(columns=VALUE_COLUMNS)
    else:
        measures, first, t = aggregate(data, len(reader.units))
        months = [str(Period(1970 + (first + i) // 12, "month", (first + i) % 12 + 1)) for i in range(t)]
        units = pd.DataFrame([u.__dict__ for u in reader.units])
        frames = [pd.DataFrame({"unit_code": np.repeat(units.code.to_numpy(), t), "period": np.tile(months, len(units)),
                                "measure": name, "value": matrix.ravel().astype(float),
                                "level": np.repeat(units.level.to_numpy(), t),
                                "province_code": np.repeat(units.province_code.to_numpy(), t),
                                "district_code": np.repeat(units.district_code.to_numpy(), t)})
                  for name, matrix in measures.items()]
        values = pd.concat(frames, ignore_index=True)[VALUE_COLUMNS]
    return ParsedBatch(path, file_checksum(path), "dossier_records", reader.rows_read, values, rejections, letters,
                       rejected_row_count=len(reader.rejected_rows))
