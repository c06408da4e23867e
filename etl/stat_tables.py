"""Aggregated statistics tables (one row per unit and period, Vietnamese headers): their columns and checks.

Four table types, told apart by their headers; data/templates/ holds one example file of each (written by
`write_templates`). Units are given by code (GSO or agency) or by name with level and parent; see etl/stat_units.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.names import ascii_fold

# The columns every table has: which unit, which period.
KEY_HEADERS = {
    "code": ("Mã đơn vị", "Mã ĐVHC", "Mã đơn vị hành chính", "Mã"),
    "name": ("Tên đơn vị", "Đơn vị"),
    "level": ("Cấp",),
    "parent": ("Đơn vị cấp trên", "Huyện", "Quận/Huyện"),
    "province": ("Tỉnh", "Tỉnh/Thành phố"),
    "period": ("Kỳ báo cáo", "Kỳ", "Năm", "Tháng"),
}


@dataclass(frozen=True)
class Column:
    header: str
    measure: str | None  # None: a check column (a total or a rate), not stored
    kind: str  # count, amount, score, percent, rank
    required: bool = True
    maximum: float | None = None  # scores: the group's points
    example: str = ""


@dataclass(frozen=True)
class Rule:
    """A consistency rule between columns, by header."""

    parts: tuple[str, ...]
    whole: tuple[str, ...]
    equal: bool = False  # parts must add up to the whole exactly (a total column), else parts ≤ whole
    text: str = ""


@dataclass(frozen=True)
class TableType:
    id: str
    title: str
    columns: tuple[Column, ...]
    rules: tuple[Rule, ...] = ()
    signature: tuple[str, ...] = ()  # headers that identify the type
    long_index: dict = field(default_factory=dict)  # evaluation table: index name → (score, rank, max score)

    def measures(self) -> set[str]:
        measures = {c.measure for c in self.columns if c.measure}
        for score, rank, _ in self.long_index.values():
            measures |= {score, rank}
        return measures


def _c(header, measure, kind="count", required=True, maximum=None, example="0") -> Column:
    return Column(header, measure, kind, required, maximum, example)


DOSSIERS = TableType(
    id="dossiers",
    title="Tình hình giải quyết hồ sơ TTHC (một cửa điện tử)",
    columns=(
        _c("Kỳ trước chuyển qua", "carried_over", example="12"),
        _c("Tiếp nhận trực tuyến", "received_online", example="310"),
        _c("Tiếp nhận trực tiếp", "received_direct", example="402"),
        _c("Tiếp nhận qua bưu chính", "received_postal", example="8"),
        _c("Tổng số hồ sơ tiếp nhận", None, required=False, example="732"),
        _c("Giải quyết trước hạn", "resolved_early", example="520"),
        _c("Giải quyết đúng hạn", "resolved_ontime", example="170"),
        _c("Giải quyết quá hạn", "resolved_late", example="6"),
        _c("Tổng số đã giải quyết", None, required=False, example="696"),
        _c("Đang giải quyết trong hạn", "pending_within", example="30"),
        _c("Đang giải quyết quá hạn", "pending_overdue", example="1"),
        _c("Trả lại bổ sung", "returned_supplement", required=False, example="15"),
        _c("Gia hạn", "extended", required=False, example="2"),
        _c("Từ chối", "refused", required=False, example="3"),
        _c("Hủy, rút hồ sơ", "cancelled", required=False, example="2"),
        _c("Thư xin lỗi", "apology_letters", required=False, example="5"),
        _c("Quá hạn không có thư xin lỗi", "late_without_apology", required=False, example="1"),
        _c("Số hóa hồ sơ", "digitised", required=False, example="560"),
        _c("Kết quả điện tử", "results_electronic", required=False, example="480"),
        _c("Hồ sơ có phí, lệ phí", "fee_dossiers", required=False, example="300"),
        _c("Thanh toán trực tuyến", "paid_online", required=False, example="75"),
        _c("Đồng bộ Cổng DVC quốc gia", "synced_national", required=False, example="700"),
        _c("Lượt đánh giá", "feedback_total", required=False, example="120"),
        _c("Đánh giá hài lòng", "feedback_satisfied", required=False, example="113"),
        _c("Số TTHC thuộc thẩm quyền", "procedures_total", required=False, example="180"),
        _c("TTHC công khai đúng hạn", "procedures_published", required=False, example="178"),
        _c("TTHC đủ điều kiện DVC toàn trình", "services_total", required=False, example="90"),
        _c("DVC trực tuyến toàn trình", "services_full_online", required=False, example="72"),
    ),
    rules=(
        Rule(("Kỳ trước chuyển qua", "Tiếp nhận trực tuyến", "Tiếp nhận trực tiếp", "Tiếp nhận qua bưu chính"),
             ("Tổng số hồ sơ tiếp nhận",), equal=True, text="carried over + new dossiers = total received"),
        Rule(("Giải quyết trước hạn", "Giải quyết đúng hạn", "Giải quyết quá hạn"), ("Tổng số đã giải quyết",),
             equal=True, text="ahead + on time + late = total resolved"),
        Rule(("Giải quyết trước hạn", "Giải quyết đúng hạn", "Giải quyết quá hạn", "Đang giải quyết trong hạn",
              "Đang giải quyết quá hạn"),
             ("Kỳ trước chuyển qua", "Tiếp nhận trực tuyến", "Tiếp nhận trực tiếp", "Tiếp nhận qua bưu chính"),
             text="resolved + in progress cannot exceed the dossiers received"),
        Rule(("Số hóa hồ sơ",), ("Tiếp nhận trực tuyến", "Tiếp nhận trực tiếp", "Tiếp nhận qua bưu chính"),
             text="dossiers digitised cannot exceed new dossiers"),
        Rule(("Kết quả điện tử",), ("Giải quyết trước hạn", "Giải quyết đúng hạn", "Giải quyết quá hạn"),
             text="electronic results cannot exceed dossiers resolved"),
        Rule(("Thanh toán trực tuyến",), ("Hồ sơ có phí, lệ phí",),
             text="paid online cannot exceed dossiers with a fee"),
        Rule(("Quá hạn không có thư xin lỗi",), ("Giải quyết quá hạn",),
             text="late dossiers without apology cannot exceed late dossiers"),
        Rule(("Thư xin lỗi",), ("Giải quyết quá hạn", "Đang giải quyết quá hạn"),
             text="apology letters cannot exceed late dossiers"),
        Rule(("Đồng bộ Cổng DVC quốc gia",), ("Kỳ trước chuyển qua", "Tiếp nhận trực tuyến", "Tiếp nhận trực tiếp",
                                               "Tiếp nhận qua bưu chính"),
             text="synchronised dossiers cannot exceed dossiers received"),
        Rule(("Đánh giá hài lòng",), ("Lượt đánh giá",), text="satisfied ratings cannot exceed ratings"),
        Rule(("TTHC công khai đúng hạn",), ("Số TTHC thuộc thẩm quyền",),
             text="procedures published cannot exceed procedures"),
        Rule(("DVC trực tuyến toàn trình",), ("TTHC đủ điều kiện DVC toàn trình",),
             text="full online services cannot exceed eligible procedures"),
    ),
    signature=("Tiếp nhận trực tuyến", "Giải quyết đúng hạn"),
)

INDEX766 = TableType(
    id="index766",
    title="Chỉ số phục vụ người dân, doanh nghiệp theo QĐ 766/QĐ-TTg (điểm công bố)",
    columns=(
        _c("Công khai, minh bạch", "i766_publicity", "score", maximum=18, example="15.5"),
        _c("Tiến độ, kết quả giải quyết", "i766_progress", "score", maximum=20, example="18.2"),
        _c("Số hóa hồ sơ", "i766_digitisation", "score", maximum=22, example="12.75"),
        _c("Cung cấp dịch vụ trực tuyến", "i766_online", "score", maximum=22, example="14"),
        _c("Mức độ hài lòng", "i766_satisfaction", "score", maximum=18, example="16.9"),
        _c("Tổng điểm", None, "score", required=False, maximum=100, example="77.35"),
    ),
    rules=(Rule(("Công khai, minh bạch", "Tiến độ, kết quả giải quyết", "Số hóa hồ sơ", "Cung cấp dịch vụ trực tuyến",
                 "Mức độ hài lòng"), ("Tổng điểm",), equal=True, text="the five groups add up to the total"),),
    signature=("Công khai, minh bạch", "Mức độ hài lòng"),
)

INVESTMENT = TableType(
    id="investment",
    title="Giải ngân vốn đầu tư công theo chủ đầu tư (triệu đồng)",
    columns=(
        _c("Kế hoạch vốn NSTW", "invest_plan_central", "amount", example="125000"),
        _c("Kế hoạch vốn NSĐP", "invest_plan_local", "amount", example="84000"),
        _c("Giải ngân NSTW", "invest_disbursed_central", "amount", example="61250.5"),
        _c("Giải ngân NSĐP", "invest_disbursed_local", "amount", example="40100"),
        _c("Tỷ lệ giải ngân (%)", None, "percent", required=False, example="48.49"),
        _c("Tỷ lệ giải ngân mục tiêu (%)", "invest_target_rate", "percent", required=False, example="60"),
    ),
    rules=(
        Rule(("Giải ngân NSTW",), ("Kế hoạch vốn NSTW",), text="disbursed cannot exceed the plan (central budget)"),
        Rule(("Giải ngân NSĐP",), ("Kế hoạch vốn NSĐP",), text="disbursed cannot exceed the plan (local budget)"),
    ),
    signature=("Kế hoạch vốn NSTW", "Giải ngân NSTW"),
)

EVALUATION = TableType(
    id="evaluation",
    title="Các chỉ số đánh giá (PAR INDEX, SIPAS, PAPI, PCI, DTI, DDCI)",
    columns=(
        _c("Chỉ số", None, "text", example="PCI"),
        _c("Điểm", None, "score", required=False, maximum=100, example="65.83"),
        _c("Xếp hạng", None, "rank", required=False, example="19"),
        _c("Nguồn", None, "text", required=False, example="VCCI, PCI 2021"),
    ),
    signature=("Chỉ số", "Xếp hạng"),
    long_index={
        "PAR INDEX": ("par_index_score", "par_index_rank", 100), "SIPAS": ("sipas_score", "sipas_rank", 100),
        "PAPI": ("papi_score", "papi_rank", 80), "PCI": ("pci_score", "pci_rank", 100),
        "DTI": ("dti_score", "dti_rank", 1), "DDCI": ("ddci_score", "ddci_rank", 100),
    },
)

TABLE_TYPES = (DOSSIERS, INDEX766, INVESTMENT, EVALUATION)
PROVINCE_COUNT = 63


def header_key(text: str) -> str:
    """Headers compare without case, diacritics, spaces or punctuation ('Tiếp nhận trực tuyến' = 'tiep nhan
    truc tuyen')."""
    return re.sub(r"[^a-z0-9%]", "", ascii_fold(str(text)).lower())


def key_columns(headers: list[str]) -> dict[str, str]:
    """Which of the given headers is the code, name, level, parent, province and period column."""
    by_key = {header_key(h): h for h in headers}
    found = {}
    for role, names in KEY_HEADERS.items():
        for name in names:
            if header_key(name) in by_key:
                found[role] = by_key[header_key(name)]
                break
    return found


def detect_type(headers: list[str]) -> TableType | None:
    keys = {header_key(h) for h in headers}
    for table_type in TABLE_TYPES:
        if all(header_key(s) in keys for s in table_type.signature):
            return table_type
    return None


def looks_like_header(cells: list[str]) -> bool:
    keys = {header_key(c) for c in cells if c}
    return any(header_key(n) in keys for n in KEY_HEADERS["code"] + KEY_HEADERS["name"])


_VN_THOUSANDS = re.compile(r"^-?\d{1,3}([.,  ]\d{3})+$")


def parse_number(text: str, kind: str) -> float:
    """A number as Excel or a Vietnamese report writes it: 1234, 1234.5, 1234,5, 1.234 (counts), 1.234,5.

    Raises ValueError with the reason.
    """
    value = str(text).strip().replace("\u00a0", " ").removesuffix("%").strip()
    if not value:
        raise ValueError("empty")
    if "." in value and "," in value:  # the last one is the decimal separator
        decimal = "." if value.rfind(".") > value.rfind(",") else ","
        value = value.replace("," if decimal == "." else ".", "").replace(decimal, ".")
    elif kind in ("count", "rank") and _VN_THOUSANDS.match(value):
        value = re.sub(r"[.,  ]", "", value)
    elif value.count(",") == 1:
        value = value.replace(",", ".")
    value = value.replace(" ", "")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"'{text}' is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"'{text}' is not a number")
    return number
