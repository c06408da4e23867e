"""A seeded file of synthetic dossier records (DEMO DATA) for every unit of a province, for tests and benchmarks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .stat_units import StatUnitResolver

HEADER = ["Mã hồ sơ", "Thủ tục", "Mã đơn vị", "Cấp", "Kênh tiếp nhận", "Ngày tiếp nhận", "Ngày hẹn trả",
          "Ngày trả kết quả", "Trạng thái", "Bổ sung", "Gia hạn", "Thư xin lỗi", "Số hóa", "Kết quả điện tử",
          "Có phí", "Thanh toán trực tuyến", "Đồng bộ DVCQG", "Đánh giá"]
LEVEL_WORDS = {"province": "Tỉnh", "district": "Huyện", "commune": "Xã", "agency": "Sở, ban, ngành"}
PROCEDURES = ["Chứng thực bản sao từ bản chính", "Đăng ký khai sinh", "Đăng ký kết hôn", "Cấp giấy phép xây dựng",
              "Đăng ký thành lập hộ kinh doanh", "Cấp phiếu lý lịch tư pháp", "Đăng ký biến động đất đai",
              "Cấp giấy chứng nhận quyền sử dụng đất"]


def dossier_frame(count: int, province_code: str = "49", seed: int = 1, start: str = "2021-01-01",
                  days: int = 730, resolver: StatUnitResolver | None = None) -> pd.DataFrame:
    """``count`` dossiers spread over the province's communes, districts and agencies and ``days`` days."""
    resolver = resolver or StatUnitResolver()
    rng = np.random.default_rng(seed)
    units = resolver.units.units
    area = units[(units.province_code == province_code) & units.level.isin(["district", "commune"])]
    agencies = resolver.agencies[(resolver.agencies.province_code == province_code)
                                 & (resolver.agencies.kind != "project_board")]
    codes = np.concatenate([area.code.to_numpy(), agencies.code.to_numpy()])
    levels = np.concatenate([area.level.to_numpy(), np.full(len(agencies), "agency")])
    weights = np.where(levels == "commune", 1.0, np.where(levels == "district", 4.0, 6.0))
    pick = rng.choice(len(codes), size=count, p=weights / weights.sum())
    received = np.datetime64(start) + rng.integers(0, days, count).astype("timedelta64[D]")
    allowed = rng.choice([1, 3, 5, 10, 15], size=count).astype("timedelta64[D]")
    due = received + allowed
    delay = np.rint(rng.normal(-2, 3, count)).astype(np.int64).astype("timedelta64[D]")
    resolved = np.maximum(received, due + delay)
    horizon = np.datetime64(start) + np.timedelta64(days, "D")
    roll = rng.random(count)
    status = np.where(resolved >= horizon, "Đang giải quyết",
                      np.where(roll < 0.004, "Từ chối", np.where(roll < 0.01, "Đã hủy", "Đã trả kết quả")))
    late = (resolved > due) & (status == "Đã trả kết quả")

    def flag(p):
        return (rng.random(count) < p).astype(np.int8)

    fee = flag(0.4)
    frame = pd.DataFrame({
        "Mã hồ sơ": np.char.add(f"{province_code}.", np.arange(1, count + 1).astype(str)),
        "Thủ tục": rng.choice(PROCEDURES, count), "Mã đơn vị": codes[pick],
        "Cấp": pd.Series(levels[pick]).map(LEVEL_WORDS).to_numpy(),
        "Kênh tiếp nhận": rng.choice(["Trực tuyến", "Trực tiếp", "Bưu chính"], count, p=[0.4, 0.58, 0.02]),
        "Ngày tiếp nhận": pd.to_datetime(received).strftime("%d/%m/%Y"),
        "Ngày hẹn trả": pd.to_datetime(due).strftime("%d/%m/%Y"),
        "Ngày trả kết quả": np.where(status == "Đang giải quyết", "", pd.to_datetime(resolved).strftime("%d/%m/%Y")),
        "Trạng thái": status, "Bổ sung": flag(0.03), "Gia hạn": flag(0.005),
        "Thư xin lỗi": (late & (rng.random(count) < 0.7)).astype(np.int8), "Số hóa": flag(0.6),
        "Kết quả điện tử": flag(0.5), "Có phí": fee, "Thanh toán trực tuyến": fee * flag(0.3),
        "Đồng bộ DVCQG": flag(0.95),
        "Đánh giá": rng.choice(["", "Hài lòng", "Không hài lòng"], count, p=[0.85, 0.14, 0.01]),
    })
    return frame[HEADER]


def write_dossier_file(path: Path, count: int, **options) -> Path:
    dossier_frame(count, **options).to_csv(path, index=False, encoding="utf-8")
    return Path(path)
