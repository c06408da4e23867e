"""Negative numbers carry the real minus sign (U+2212) everywhere a person reads them: legend, change column of
profiles and maps, tooltips; babel's vi_VN gives the ASCII hyphen, so the app replaces it, as map.js does."""

from __future__ import annotations

import re

import pytest
from babel.numbers import format_decimal

from layers.numbers import MINUS, format_number, present

from .web_helpers import payloads

HYPHEN_NUMBER = re.compile(r"(?<![\w/])-\d")  # an ASCII hyphen used as a minus sign


def test_babel_gives_a_hyphen_and_the_app_the_minus_sign():
    assert format_decimal(-0.5, format="#,##0.0", locale="vi_VN") == "-0,5"  # why the app cannot take it as is
    assert MINUS == "\u2212"
    assert format_number(-0.5) == "−0,5"
    assert format_number(-1234.5) == "−1.234,5"
    assert format_number(-1234.5, "en") == "−1,234.5"
    assert format_number(-0.04) == "0,0" and format_number(0.04) == "0,0"  # never "−0,0"
    assert format_number(-0.4, decimals=0) == "0"
    assert format_number(2.5) == "2,5"


@pytest.mark.parametrize("value, language, decimals, expected", [
    (1234.5, "vi", 1, "1.234,5"),
    (1234.5, "en", 1, "1,234.5"),
    (1234567.891, "vi", 2, "1.234.567,89"),
    (0.5, "vi", 0, "1"),          # half up, as Excel's ROUND and a reader's pencil; babel alone gives "0"
    (97.85, "vi", 1, "97,9"),     # the decimal form rounds, not the binary one (97.8499999…)
    (float("nan"), "vi", 1, "–"),
    (None, "en", 1, "–"),
])
def test_numbers_in_the_readers_format(value, language, decimals, expected):
    assert format_number(value, language, decimals) == expected


def test_present_rounds_once_so_printing_changes_nothing():
    """Quế Mỹ's 97,849 % was 97,9 on the map (rounded to 2, then 1 decimal) and 97,8 on its profile."""
    assert present(97.849, 1) == 97.8 and format_number(present(97.849, 1), "vi", 1) == "97,8"
    assert format_number(97.849, "vi", 1) == "97,8"
    assert present(float("inf"), 1) is None and present(None, 1) is None


def test_change_map_legend_uses_the_minus_sign(client):
    html = client.get("/map/49?indicator=dossier_ontime_rate&period=2022-Q2&compare=2022-Q1&mode=change") \
        .get_data(as_text=True)
    legend = html[html.index('class="legend panel"'):html.index("</section>", html.index('class="legend panel"'))]
    assert MINUS in legend
    assert not HYPHEN_NUMBER.search(legend), legend


def test_profile_change_column_has_arrows_and_minus_signs(client):
    html = client.get("/unit/512?period=2022-Q2").get_data(as_text=True)
    cells = re.findall(r'<td class="num (?:better|worse|)">([^<]*)</td>', html)
    changes = [c for c in cells if c and c != "–"]
    assert changes, "no change shown"
    assert all(re.fullmatch(r"(▲ \+[\d.,]*[1-9][\d.,]*|▼ −[\d.,]*[1-9][\d.,]*|■ [0.,]+)", c) for c in changes), changes
    assert any(c.startswith("▼ −") for c in changes) and any(c.startswith("▲ +") for c in changes)
    assert not HYPHEN_NUMBER.search(" ".join(cells))


def test_map_payload_changes_keep_their_sign_for_the_browser(client):
    """map.js prints the payload's numbers; negative changes reach it as negative numbers."""
    data = payloads(client.get("/map/512?indicator=index766_total&period=2022-Q2").get_data(as_text=True))[0]
    assert any(u.get("y", 0) < 0 for u in data["units"])
