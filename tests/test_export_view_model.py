"""The view model the map pages and the export share: class membership and counts, vi-VN numbers."""

from __future__ import annotations

import numpy as np
import pytest

from webmap.number_format import format_number
from webmap.views import ClassBreaks

BREAKS = ClassBreaks(lower_bound=0.0, upper_bounds=(10.0, 20.0, 30.0), colours=("#a", "#b", "#c"),
                     labels=("0 – 10", "10 – 20", "20 – 30"))


def test_upper_bounds_are_inclusive_and_missing_values_have_no_class():
    values = [0.0, 10.0, 10.01, 20.0, 29.9, 30.0, 31.0, np.nan]
    assert BREAKS.class_index(values).tolist() == [0, 0, 1, 1, 2, 2, 2, -1]
    assert BREAKS.counts(values) == ([2, 2, 3], 1)


def test_breaks_must_be_consistent():
    with pytest.raises(ValueError, match="one colour and one label"):
        ClassBreaks(lower_bound=0, upper_bounds=(1, 2), colours=("#a",), labels=("a", "b"))
    with pytest.raises(ValueError, match="ascend"):
        ClassBreaks(lower_bound=0, upper_bounds=(2, 1), colours=("#a", "#b"), labels=("a", "b"))


@pytest.mark.parametrize("value, language, decimals, expected", [
    (1234.5, "vi", 1, "1.234,5"),
    (1234.5, "en", 1, "1,234.5"),
    (1234567.891, "vi", 2, "1.234.567,89"),
    (0.5, "vi", 0, "0"),          # banker's rounding as babel does it; no decimals shown
    (-0.04, "vi", 1, "0,0"),      # never "-0,0"
    (-12.34, "vi", 1, "−12,3"),     # the minus sign U+2212, as the map script prints it
    (float("nan"), "vi", 1, "–"),
    (None, "en", 1, "–"),
])
def test_numbers_in_the_readers_format(value, language, decimals, expected):
    assert format_number(value, language, decimals) == expected
