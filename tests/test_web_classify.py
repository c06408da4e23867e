"""Map classes: every scheme of the permalinks, official thresholds with open ends, direction-aware colours."""

from __future__ import annotations

import numpy as np
import pytest

from webmap.classify import classify

VALUES = np.array([55.0, 61.2, 70.5, 80.0, 88.8, 91.0, 95.5, 97.0, 99.0, 100.0, np.nan])


@pytest.mark.parametrize("method", ["quantiles", "natural", "equal"])
def test_every_value_in_one_class(method):
    classes = classify(VALUES, method=method)
    per_class, missing = classes.counts(VALUES)
    assert sum(per_class) == 10 and missing == 1 and len(classes.colours) == len(classes.labels)


def test_official_thresholds_read_up_to_and_above():
    classes = classify(VALUES, method="official", thresholds=(90, 95, 98, 99.5))
    assert classes.labels[0] == "≤ 90,0" and classes.labels[-1] == "> 99,5"
    assert classes.counts(VALUES)[0] == [5, 1, 2, 1, 1]
    within = classify(VALUES[VALUES < 99], method="official", thresholds=(90, 95, 98, 99.5))
    assert within.labels[-1] == "98,0 – 99,5"  # no class above the last limit when no value lies there
    with pytest.raises(ValueError):
        classify(VALUES, method="official")


def test_lower_is_better_reverses_the_ramp():
    higher = classify(VALUES, scheme="RdYlGn")
    lower = classify(VALUES, scheme="RdYlGn", reverse=True)
    assert lower.colours == higher.colours[::-1]


def test_natural_breaks_are_deterministic_on_many_values():
    values = np.random.default_rng(7).gamma(2, 10, 5000)
    first, second = classify(values, method="natural"), classify(values, method="natural")
    assert first.upper_bounds == second.upper_bounds and first.upper_bounds[-1] == values.max()


def test_english_numbers():
    assert classify(np.array([1234.5, 2000.25]), method="equal", k=2, language="en").labels[0].startswith("1,234.5")
