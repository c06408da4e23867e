"""The indicator catalogue: measures, indicators, themes and the Decision 766 weights, read from the TOML files here."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bandotheche.errors import BandoError, InputError

from .levels import LEVELS

HERE = Path(__file__).parent
MEASURE_KINDS = ("flow", "stock_start", "stock_end", "score", "target")
ROLLUPS = ("sum", "ratio", "latest", "index766")
DIRECTIONS = {"higher": 1, "lower": -1, "none": 0}
UNIT_LABELS = {
    "count": {"vi": "hồ sơ", "en": "dossiers"},
    "percent": {"vi": "%", "en": "%"},
    "score": {"vi": "điểm", "en": "points"},
    "rank": {"vi": "hạng", "en": "rank"},
    "vnd_million": {"vi": "triệu đồng", "en": "million VND"},
}
PERCENTAGE_POINTS = {"vi": "điểm %", "en": "pp"}
GROUP_IDS = ("publicity", "progress", "digitisation", "online", "satisfaction")


class CatalogueError(BandoError):
    """The catalogue files contradict themselves (a developer's mistake, caught by the tests)."""


@dataclass(frozen=True)
class Measure:
    id: str
    kind: str
    unit: str
    title: dict[str, str]


@dataclass(frozen=True)
class Indicator:
    id: str
    theme: str
    title: dict[str, str]
    description: dict[str, str]
    unit: str
    direction: int
    rollup: str
    scope: str
    levels: tuple[str, ...]
    decimals: int
    classification: dict
    source: dict[str, str]
    sum: tuple[str, ...] = ()
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    scale: float = 1.0
    measure: str | None = None
    rank_measure: str | None = None
    group: str | None = None
    min_sample: int | None = None
    target: dict | None = None
    target_measure: str | None = None

    @property
    def is_rate(self) -> bool:
        return self.rollup == "ratio"

    @property
    def unit_label(self) -> dict[str, str]:
        return UNIT_LABELS[self.unit]

    @property
    def change_unit_label(self) -> dict[str, str]:
        """The unit of a change between two periods: percentage points for a percentage."""
        return PERCENTAGE_POINTS if self.unit == "percent" else self.unit_label

    @property
    def palette(self) -> str:
        """ColorBrewer ramp of the map, ordered bad → good for higher-is-better values."""
        return self.classification.get("palette", "YlGnBu")

    @property
    def class_count(self) -> int:
        return int(self.classification.get("k", 5))

    @property
    def thresholds(self) -> tuple[float, ...] | None:
        values = self.classification.get("thresholds")
        return tuple(values) if values else None

    def measures(self) -> tuple[str, ...]:
        """Every base measure the value is built from."""
        names = self.sum + self.numerator + self.denominator
        names += tuple(m for m in (self.measure, self.rank_measure, self.target_measure) if m)
        return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class SubIndicator:
    id: str
    points: float
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    title: dict[str, str]
    invert: bool = False
    empty_scores_full: bool = False  # no denominator (no late dossier) earns the full points


@dataclass(frozen=True)
class Group:
    id: str
    points: float
    title: dict[str, str]
    subs: tuple[SubIndicator, ...]


@dataclass(frozen=True)
class Index766:
    decision: str
    groups: tuple[Group, ...]

    def measures(self) -> tuple[str, ...]:
        names: list[str] = []
        for group in self.groups:
            for sub in group.subs:
                names += [*sub.numerator, *sub.denominator]
        return tuple(dict.fromkeys(names + [f"i766_{g.id}" for g in self.groups]))


@dataclass(frozen=True)
class Catalogue:
    measures: dict[str, Measure]
    indicators: dict[str, Indicator]
    themes: dict[str, dict[str, str]]
    index766: Index766
    sources: dict[str, dict[str, str]] = field(default_factory=dict)

    def get(self, indicator_id: str) -> Indicator:
        try:
            return self.indicators[indicator_id]
        except KeyError:
            raise InputError(f"unknown indicator {indicator_id!r}; `bandotheche indicators list` shows the "
                             f"catalogue") from None

    def by_theme(self) -> list[tuple[str, dict[str, str], list[Indicator]]]:
        """Themes in catalogue order, each with its indicators (for the indicator picker)."""
        return [(theme, title, [i for i in self.indicators.values() if i.theme == theme])
                for theme, title in self.themes.items()]

    def measures_of(self, indicator: Indicator) -> tuple[str, ...]:
        return self.index766.measures() if indicator.rollup == "index766" else indicator.measures()

    def measures_of_value(self, indicator: Indicator) -> tuple[str, ...]:
        """The measures whose presence means the indicator has a value (not its target)."""
        return tuple(m for m in self.measures_of(indicator) if m != indicator.target_measure)


def _titles(entry: dict, prefix: str = "") -> dict[str, str]:
    return {"vi": entry[f"{prefix}vi"], "en": entry[f"{prefix}en"]}


def _indicator(key: str, entry: dict, sources: dict) -> Indicator:
    source = entry["source"]
    return Indicator(
        id=key, theme=entry["theme"], title=_titles(entry), description=_titles(entry, "desc_"),
        unit=entry["unit"], direction=DIRECTIONS[entry["direction"]], rollup=entry["rollup"],
        scope=entry["scope"], levels=tuple(entry["levels"]), decimals=entry["decimals"],
        classification=entry["classification"], source=sources[source] if isinstance(source, str) else source,
        sum=tuple(entry.get("sum", ())), numerator=tuple(entry.get("numerator", ())),
        denominator=tuple(entry.get("denominator", ())), scale=float(entry.get("scale", 1)),
        measure=entry.get("measure"), rank_measure=entry.get("rank_measure"), group=entry.get("group"),
        min_sample=entry.get("min_sample"), target=entry.get("target"),
        target_measure=entry.get("target_measure"))


def _index766(data: dict) -> Index766:
    groups = []
    for gid, entry in data["group"].items():
        subs = tuple(SubIndicator(s["id"], float(s["points"]), tuple(s["numerator"]), tuple(s["denominator"]),
                                  _titles(s), s.get("invert", False), s.get("empty_scores_full", False))
                     for s in entry["sub"])
        groups.append(Group(gid, float(entry["points"]), _titles(entry), subs))
    return Index766(data["decision"], tuple(groups))


def _check(catalogue: Catalogue) -> None:
    known = set(catalogue.measures)
    for measure in catalogue.measures.values():
        if measure.kind not in MEASURE_KINDS:
            raise CatalogueError(f"measure {measure.id}: kind {measure.kind!r} not in {MEASURE_KINDS}")
    for ind in catalogue.indicators.values():
        problems = []
        if ind.rollup not in ROLLUPS:
            problems.append(f"rollup {ind.rollup!r}")
        if ind.theme not in catalogue.themes:
            problems.append(f"theme {ind.theme!r}")
        if set(ind.levels) - set(LEVELS):
            problems.append(f"levels {ind.levels}")
        if ind.scope not in ("territory", "own", "level"):
            problems.append(f"scope {ind.scope!r}")
        if set(catalogue.measures_of(ind)) - known:
            problems.append(f"unknown measures {sorted(set(catalogue.measures_of(ind)) - known)}")
        if ind.rollup == "ratio" and not (ind.numerator and ind.denominator):
            problems.append("a ratio needs numerator and denominator")
        if ind.rollup == "sum" and not ind.sum:
            problems.append("a sum needs `sum`")
        if ind.rollup == "latest" and not ind.measure:
            problems.append("`latest` needs `measure`")
        if ind.rollup == "index766" and ind.group not in (*GROUP_IDS, "total"):
            problems.append(f"group {ind.group!r}")
        if ind.unit not in UNIT_LABELS:
            problems.append(f"unit {ind.unit!r}")
        if problems:
            raise CatalogueError(f"indicator {ind.id}: " + "; ".join(problems))
    if tuple(g.id for g in catalogue.index766.groups) != GROUP_IDS:
        raise CatalogueError(f"index766 groups must be {GROUP_IDS}")
    for group in catalogue.index766.groups:
        if abs(sum(s.points for s in group.subs) - group.points) > 1e-9:
            raise CatalogueError(f"index766 group {group.id}: sub-indicator points do not add up to {group.points}")


def load_catalogue(directory: Path = HERE, index766_path: Path | None = None) -> Catalogue:
    """Read measures.toml, indicators.toml and index766.toml (or another weights file) and check them."""
    def read(path: Path) -> dict:
        try:
            return tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise InputError(f"{path}: {exc}") from exc

    measures = {key: Measure(key, e["kind"], e["unit"], _titles(e))
                for key, e in read(directory / "measures.toml").items()}
    data = read(directory / "indicators.toml")
    indicators = {key: _indicator(key, e, data["sources"]) for key, e in data["indicator"].items()}
    catalogue = Catalogue(measures, indicators, data["themes"],
                          _index766(read(index766_path or directory / "index766.toml")), data["sources"])
    _check(catalogue)
    return catalogue


@functools.cache
def default_catalogue() -> Catalogue:
    """The shipped catalogue, read once per process (the files do not change while it runs)."""
    return load_catalogue()
