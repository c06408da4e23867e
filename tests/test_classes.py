"""Map classes: every scheme of the permalinks, official thresholds with open ends, direction-aware colours."""

from __future__ import annotations

import numpy as np
import pytest

from layers.classes import ClassBreaks, classify

VALUES = np.array([55.0, 61.2, 70.5, 80.0, 88.8, 91.0, 95.5, 97.0, 99.0, 100.0, np.nan])


@pytest.mark.parametrize("method", ["quantiles", "natural", "equal"])
def test_every_value_in_one_class(method):
    classes = classify(VALUES, method=method)
    per_class, missing = classes.counts(VALUES)
    assert sum(per_class) == 10 and missing == 1 and len(classes.colours) == len(classes.labels)


def test_official_thresholds_read_up_to_and_above():
    classes = classify(VALUES, method="official", thresholds=(90, 95, 98, 99.5))
    assert classes.labels == ("≤ 90,0", "90,0 – 95,0", "95,0 – 98,0", "98,0 – 99,5", "> 99,5")
    assert classes.counts(VALUES)[0] == [5, 1, 2, 1, 1]
    with pytest.raises(ValueError):
        classify(VALUES, method="official")


def test_official_classes_keep_bounds_and_colours_whatever_the_values():
    """Disbursement in a month where no unit exceeds 95 %: the "> 95" class stays, empty, in its colour."""
    everyone = classify(VALUES, method="official", thresholds=(30, 50, 70, 95), palette="RdYlGn")
    below = classify(VALUES[VALUES < 90], method="official", thresholds=(30, 50, 70, 95), palette="RdYlGn")
    assert below.upper_bounds == everyone.upper_bounds and below.colours == everyone.colours
    assert below.labels == everyone.labels and below.labels[-1] == "> 95,0"
    assert below.counts(VALUES[VALUES < 90])[0] == [0, 0, 2, 3, 0]
    nothing = classify(np.array([np.nan]), method="official", thresholds=(30, 50, 70, 95), palette="RdYlGn")
    assert nothing.colours == everyone.colours and nothing.counts([np.nan]) == ([0, 0, 0, 0, 0], 1)


def test_lower_is_better_reverses_the_ramp():
    higher = classify(VALUES, palette="RdYlGn")
    lower = classify(VALUES, palette="RdYlGn", reverse=True)
    assert lower.colours == higher.colours[::-1]


def test_natural_breaks_are_deterministic_on_many_values():
    values = np.random.default_rng(7).gamma(2, 10, 5000)
    first, second = classify(values, method="natural"), classify(values, method="natural")
    assert first.upper_bounds == second.upper_bounds and first.upper_bounds[-1] == values.max()


def test_english_numbers():
    assert classify(np.array([1234.5, 2000.25]), method="equal", k=2, language="en").labels[0].startswith("1,234.5")


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
