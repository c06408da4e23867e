"""The parameters of a map view, parsed from a URL and written back into permalinks."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from layers.classes import SCHEMES
from layers.levels import AREA_LEVELS as LEVELS
from layers.periods import LATEST, is_canonical

from .web_errors import BadParameter

COUNTRY_CODE = "VN"


@dataclass(frozen=True)
class MapQuery:
    """Everything that decides what a map page shows; ``None`` means the default for the unit and indicator."""

    code: str
    indicator: str
    period: str = "latest"
    scheme: str | None = None
    level: str | None = None
    compare: str | None = None        # an earlier period: change map (mode "change") or side by side ("side")
    mode: str = "map"                 # map | change | side
    lang: str = "vi"
    show_title: bool = True           # embed options
    show_legend: bool = True

    @classmethod
    def from_args(cls, code: str, args, default_indicator: str) -> "MapQuery":
        period = args.get("period") or "latest"
        if not (period == LATEST or is_canonical(period)):
            raise BadParameter("period", period, {
                "vi": "kỳ phải có dạng 2022-06 (tháng), 2022-Q2 (quý), 2022 (năm) hoặc latest (mới nhất)",
                "en": "a period is 2022-06 (month), 2022-Q2 (quarter), 2022 (year) or latest"})
        compare = args.get("compare") or None
        if compare is not None and not is_canonical(compare):
            raise BadParameter("compare", compare, {
                "vi": "kỳ so sánh phải có dạng 2022-06, 2022-Q2 hoặc 2022",
                "en": "the comparison period is 2022-06, 2022-Q2 or 2022"})
        scheme = args.get("scheme") or None
        if scheme is not None and scheme not in SCHEMES:
            raise BadParameter("scheme", scheme, {"vi": "chọn một trong " + ", ".join(SCHEMES),
                                                  "en": "choose one of " + ", ".join(SCHEMES)})
        level = args.get("level") or None
        if level is not None and level not in LEVELS:
            raise BadParameter("level", level, {"vi": "chọn district (huyện) hoặc commune (xã)",
                                                "en": "choose district or commune"})
        mode = args.get("mode") or ("change" if compare else "map")
        if mode not in ("map", "change", "side"):
            raise BadParameter("mode", mode, {"vi": "chọn map, change hoặc side", "en": "choose map, change or side"})
        lang = args.get("lang") or "vi"
        if lang not in ("vi", "en"):
            raise BadParameter("lang", lang, {"vi": "chọn vi hoặc en", "en": "choose vi or en"})
        flags = {}
        for name in ("title", "legend"):
            raw = args.get(name, "1")
            if raw not in ("0", "1"):
                raise BadParameter(name, raw, {"vi": "chọn 0 hoặc 1", "en": "choose 0 or 1"})
            flags[f"show_{name}"] = raw == "1"
        return cls(code=code, indicator=args.get("indicator") or default_indicator, period=period, scheme=scheme,
                   level=level, compare=compare, mode=mode if compare else "map", lang=lang, **flags)

    def args(self, **changes) -> dict[str, str]:
        """URL parameters of this query (defaults left out), with changes applied; for url_for."""
        query = replace(self, **changes)
        out = {"indicator": query.indicator, "period": query.period, "scheme": query.scheme, "level": query.level,
               "compare": query.compare, "mode": query.mode if query.compare and query.mode != "change" else None,
               "lang": query.lang if query.lang != "vi" else None,
               "title": None if query.show_title else "0", "legend": None if query.show_legend else "0"}
        return {k: v for k, v in out.items() if v is not None}

    def key(self) -> tuple:
        return tuple(asdict(self).values())
