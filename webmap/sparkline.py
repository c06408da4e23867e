"""Small trend charts drawn on the server as inline SVG: no script, prints as is."""

from __future__ import annotations

import math

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 112, 28, 3


def sparkline(values: list[float | None], titles: list[str], *, colour: str = "#0d3b66",
              standalone: bool = False) -> Markup:
    """A line over the periods with a dot on the last value; gaps where a period has no value.

    ``titles`` (one per period, already formatted) become the tooltip of the chart."""
    points = [(i, v) for i, v in enumerate(values) if v is not None and not math.isnan(v)]
    namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    if len(points) < 2:
        return Markup(f'<svg{namespace} viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}"></svg>')
    low, high = min(v for _, v in points), max(v for _, v in points)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return PAD + i * step, HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD)

    segments, current, previous = [], [], None
    for i, v in points:
        if previous is not None and i != previous + 1:
            segments.append(current)
            current = []
        current.append("%.1f,%.1f" % xy(i, v))
        previous = i
    segments.append(current)
    lines = "".join(f'<polyline points="{" ".join(s)}" fill="none" stroke="{colour}" stroke-width="1.6"/>'
                    for s in segments if len(s) > 1)
    last_x, last_y = xy(*points[-1])
    title = escape("; ".join(titles[i] for i, _ in points))
    return Markup(f'<svg{namespace} class="spark" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
                  f'role="img"><title>{title}</title>{lines}'
                  f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="2.4" fill="{colour}"/></svg>')
