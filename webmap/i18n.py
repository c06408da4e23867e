"""Interface text in Vietnamese (the default) and English; one catalogue, looked up by key."""

from __future__ import annotations

from flask import request

MESSAGES: dict[str, dict[str, str]] = {
    "site_title": {"vi": "Bản đồ thể chế", "en": "Institutional map"},
    "site_subtitle": {"vi": "Cải cách hành chính, chuyển đổi số và đầu tư công",
                      "en": "Administrative reform, digital transformation and public investment"},
    "province": {"vi": "Tỉnh", "en": "Province"},
    "district": {"vi": "Huyện", "en": "District"},
    "commune": {"vi": "Xã", "en": "Commune"},
    "level_province": {"vi": "Cấp tỉnh", "en": "Provinces"},
    "level_district": {"vi": "Cấp huyện", "en": "Districts"},
    "level_commune": {"vi": "Cấp xã", "en": "Communes"},
    "level_shown": {"vi": "Hiển thị", "en": "Show"},
    "indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "period": {"vi": "Kỳ số liệu", "en": "Period"},
    "latest": {"vi": "Mới nhất", "en": "Latest"},
    "period_month": {"vi": "Tháng", "en": "Months"},
    "period_quarter": {"vi": "Quý", "en": "Quarters"},
    "period_year": {"vi": "Năm", "en": "Years"},
    "classification": {"vi": "Phân lớp", "en": "Classes"},
    "scheme_quantiles": {"vi": "Phân vị (số đơn vị bằng nhau)", "en": "Quantiles"},
    "scheme_natural": {"vi": "Ngắt tự nhiên (Jenks)", "en": "Natural breaks (Jenks)"},
    "scheme_equal": {"vi": "Khoảng đều", "en": "Equal intervals"},
    "scheme_official": {"vi": "Ngưỡng chính thức", "en": "Official thresholds"},
    "compare_with": {"vi": "So sánh với kỳ", "en": "Compare with"},
    "no_compare": {"vi": "Không so sánh", "en": "No comparison"},
    "change_map": {"vi": "Bản đồ thay đổi", "en": "Change map"},
    "side_by_side": {"vi": "Hai kỳ cạnh nhau", "en": "Side by side"},
    "compare_mode": {"vi": "Cách so sánh", "en": "Compare as"},
    "change_title": {"vi": "Thay đổi {title}: {period} so với {base}", "en": "Change in {title}: {period} vs {base}"},
    "show": {"vi": "Xem", "en": "Show"},
    "legend": {"vi": "Chú giải", "en": "Legend"},
    "units_count": {"vi": "đơn vị", "en": "units"},
    "no_data": {"vi": "Không có dữ liệu", "en": "No data"},
    "no_data_note": {"vi": "Đơn vị chưa có số liệu trong kỳ này (chưa báo cáo hoặc không phát sinh).",
                     "en": "The unit has no figure for this period (not reported, or nothing to count)."},
    "unreliable": {"vi": "Ít hồ sơ, chưa đủ tin cậy", "en": "Few dossiers, unreliable"},
    "unreliable_note": {"vi": "Tỷ lệ tính trên dưới {n} hồ sơ: tô nhạt, viền đứt.",
                        "en": "Rate computed on fewer than {n} dossiers: pale fill, dashed outline."},
    "ranking": {"vi": "Xếp hạng", "en": "Ranking"},
    "rank": {"vi": "Hạng", "en": "Rank"},
    "rank_of": {"vi": "Hạng {rank}/{total}", "en": "Rank {rank} of {total}"},
    "unit_name": {"vi": "Đơn vị", "en": "Unit"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "change": {"vi": "Thay đổi", "en": "Change"},
    "change_from": {"vi": "so với {period}", "en": "vs {period}"},
    "sample": {"vi": "Số hồ sơ", "en": "Dossiers"},
    "agencies": {"vi": "Sở, ban, ngành", "en": "Provincial agencies"},
    "profile": {"vi": "Hồ sơ đơn vị", "en": "Unit profile"},
    "open_profile": {"vi": "Xem hồ sơ đơn vị", "en": "Open unit profile"},
    "open_map": {"vi": "Xem bản đồ", "en": "Open map"},
    "all_indicators": {"vi": "Tất cả chỉ tiêu kỳ {period}", "en": "All indicators, {period}"},
    "trend": {"vi": "Diễn biến", "en": "Trend"},
    "parent_value": {"vi": "Cấp trên", "en": "Parent"},
    "children": {"vi": "Đơn vị trực thuộc", "en": "Units within"},
    "groups_766": {"vi": "Năm nhóm chỉ số 766", "en": "The five 766 groups"},
    "share": {"vi": "Chia sẻ / Nhúng", "en": "Share / Embed"},
    "permalink": {"vi": "Đường dẫn cố định", "en": "Permalink"},
    "embed_code": {"vi": "Mã nhúng (iframe)", "en": "Embed code (iframe)"},
    "embed_title": {"vi": "Hiện tiêu đề", "en": "Show title"},
    "embed_legend": {"vi": "Hiện chú giải", "en": "Show legend"},
    "copy": {"vi": "Sao chép", "en": "Copy"},
    "copied": {"vi": "Đã sao chép", "en": "Copied"},
    "close": {"vi": "Đóng", "en": "Close"},
    "export": {"vi": "Tải về", "en": "Download"},
    "export_image": {"vi": "Ảnh/bản in", "en": "Image/print"},
    "export_table": {"vi": "Bảng số liệu", "en": "Data table"},
    "source": {"vi": "Nguồn", "en": "Source"},
    "demo_data": {"vi": "dữ liệu mẫu, không phải số liệu chính thức", "en": "demo data, not official figures"},
    "data_as_of": {"vi": "Số liệu", "en": "Data"},
    "language_toggle": {"vi": "English", "en": "Tiếng Việt"},
    "open_full_map": {"vi": "Mở bản đồ đầy đủ", "en": "Open the full map"},
    "click_to_drill": {"vi": "Bấm vào một vùng để xem chi tiết", "en": "Click an area to see inside it"},
    "no_values_period": {"vi": "Chưa có số liệu của chỉ tiêu này trong kỳ đã chọn.",
                         "en": "This indicator has no figures for the chosen period."},
    "error_title_400": {"vi": "Yêu cầu không hợp lệ", "en": "Bad request"},
    "error_title_404": {"vi": "Không tìm thấy", "en": "Not found"},
    "error_title_500": {"vi": "Lỗi máy chủ", "en": "Server error"},
    "error_title_503": {"vi": "Chưa có dữ liệu", "en": "No data loaded"},
    "error_back": {"vi": "Về bản đồ tỉnh", "en": "Back to the province map"},
    "error_500_text": {"vi": "Đã có lỗi khi xử lý yêu cầu. Vui lòng thử lại sau hoặc báo cho quản trị viên.",
                       "en": "Something went wrong. Please try again later or tell the administrator."},
    "unknown_unit": {"vi": "Không có đơn vị hành chính mã {code}.", "en": "There is no administrative unit with code {code}."},
    "unknown_indicator": {"vi": "Không có chỉ tiêu “{id}”.", "en": "There is no indicator “{id}”."},
    "bad_param": {"vi": "Không dùng được “{value}”: {why}", "en": "“{value}” cannot be used: {why}"},
    "no_data_loaded": {"vi": "Chưa có số liệu của chỉ tiêu “{title}”. Quản trị viên nạp số liệu bằng lệnh "
                              "bandotheche etl (hoặc bandotheche etl demo để có dữ liệu mẫu).",
                       "en": "No figures for “{title}” have been loaded yet. An administrator loads them with "
                             "bandotheche etl (or bandotheche etl demo for sample data)."},
    "bad_request_detail": {"vi": "Không dùng được các tham số của yêu cầu (chi tiết: {detail}).",
                           "en": "The request's parameters cannot be used ({detail})."},
    "not_found_page": {"vi": "Trang bạn tìm không tồn tại.", "en": "The page you asked for does not exist."},
    "arrow_up": {"vi": "tăng", "en": "up"},
    "arrow_down": {"vi": "giảm", "en": "down"},
    "better": {"vi": "tốt hơn", "en": "better"},
    "worse": {"vi": "kém hơn", "en": "worse"},
    "points": {"vi": "điểm", "en": "points"},
    "percentage_points": {"vi": "điểm %", "en": "pp"},
    "direction_higher": {"vi": "Cao hơn là tốt hơn", "en": "Higher is better"},
    "direction_lower": {"vi": "Thấp hơn là tốt hơn", "en": "Lower is better"},
    "map_of": {"vi": "Bản đồ {area}", "en": "Map of {area}"},
    "server_busy": {"vi": "Máy chủ đang bận tính các trang khác. Vui lòng thử lại sau vài giây.",
                    "en": "The server is busy building other pages. Please try again in a few seconds."},
    "scheme_fallback": {"vi": "Chỉ tiêu này không có ngưỡng chính thức: bản đồ dùng cách phân lớp mặc định.",
                        "en": "This indicator has no official thresholds: the map uses its default classes."},
    "level_fallback": {"vi": "Chỉ tiêu này không có số liệu ở cấp đã chọn: bản đồ hiển thị cấp có số liệu.",
                       "en": "This indicator has no figures at the level chosen: the map shows a level that has."},
}


# Types of administrative unit in English; full names stay Vietnamese (they are proper names).
UNIT_TYPES_EN = {"Tỉnh": "Province", "Thành phố": "City", "Huyện": "District", "Thị xã": "Town",
                 "Quận": "Urban district", "Xã": "Commune", "Phường": "Ward", "Thị trấn": "Township"}


def unit_type(name: str, language: str) -> str:
    return UNIT_TYPES_EN.get(name, name) if language == "en" else name


def translate(key: str, language: str, **values) -> str:
    """The text for key in language, with ``{name}`` placeholders filled."""
    text = MESSAGES[key][language]
    return text.format(**values) if values else text


def request_language() -> str:
    """The language a request asks for: English with ?lang=en, Vietnamese otherwise."""
    return "en" if request.args.get("lang") == "en" else "vi"
