"""The catalogue holds the stable ids, each complete; periods parse, format and step as the web map needs."""

from __future__ import annotations

import pytest

from bandotheche.errors import InputError
from layers.catalogue import GROUP_IDS, default_catalogue
from layers.periods import month_range, parse_period

STABLE_IDS = ["dossier_ontime_rate", "dossier_online_rate", "dossier_digitised_rate", "dossier_late_count",
              "index766_total", "investment_disbursement_rate", "par_index", "pci"]


def test_stable_ids_and_themes():
    catalogue = default_catalogue()
    assert set(STABLE_IDS) <= set(catalogue.indicators)
    assert [t for t, _, _ in catalogue.by_theme()] == ["dossiers", "online", "index766", "evaluation", "investment"]
    for indicator in catalogue.indicators.values():
        assert indicator.title["vi"] and indicator.title["en"] and indicator.description["vi"]
        assert indicator.source["vi"] and indicator.levels
        if indicator.rollup != "latest":  # the description says whether lower units count
            word = {"territory": "territory", "own": "itself", "level": "own level"}[indicator.scope]
            assert word in indicator.description["en"], indicator.id


def test_766_weights_are_the_decisions():
    groups = default_catalogue().index766.groups
    assert tuple(g.id for g in groups) == GROUP_IDS
    assert [g.points for g in groups] == [18, 20, 22, 22, 18] and sum(g.points for g in groups) == 100


@pytest.mark.parametrize("text,expected,previous,months", [
    ("2022-06", "2022-06", "2022-05", 1), ("2022-01", "2022-01", "2021-12", 1), ("2022-Q2", "2022-Q2", "2022-Q1", 3),
    ("2022-Q1", "2022-Q1", "2021-Q4", 3), ("2022", "2022", "2021", 12), ("06/2022", "2022-06", "2022-05", 1),
    ("Quý IV/2021", "2021-Q4", "2021-Q3", 3), ("Năm 2021", "2021", "2020", 12),
])
def test_periods(text, expected, previous, months):
    period = parse_period(text)
    assert str(period) == expected and str(period.previous()) == previous and len(period.months()) == months
    assert parse_period(str(period)) == period


def test_period_errors_and_ranges():
    for bad in ("2022-13", "Q5", "", "22-06"):
        with pytest.raises(InputError):
            parse_period(bad)
    assert len(month_range(parse_period("2021-01"), parse_period("2022-12"))) == 24
    assert parse_period("2022-Q2").month_keys() == ["2022-04", "2022-05", "2022-06"]
