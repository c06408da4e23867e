"""Rules of the figures every output shows, on the synthetic province (tests/data/synthetic): roll-ups over space
and time, rounding once, the rank rule, the "few dossiers" flag, changes, classes and fall-backs. No Flask."""

from __future__ import annotations

import pandas as pd
import pytest

from bandotheche.errors import InputError
from layers.map_layer import build_layer
from layers.values import read_values

from .synthetic import AGENCY, PROVINCE


def table(engine, indicator: str, period: str, level: str, **scope) -> pd.DataFrame:
    scope = scope or {"province_code": PROVINCE}
    return build_layer(engine, indicator, period, level, **scope).table.set_index("code")


def test_ratios_are_recomputed_from_summed_parts_never_averaged(synthetic_engine):
    districts = table(synthetic_engine, "dossier_ontime_rate", "2022-01", "district")
    # Đông Sơn: its own 40/50 plus An Hòa's 97/100 and Bình Minh's 97,849/100,000 (an average would give 91,5)
    assert districts.at["991", "value"] == 97.8 and districts.at["991", "sample_size"] == 100_150
    assert districts.at["992", "value"] == 96.4  # (97 + 9) / (100 + 10)


def test_the_province_counts_its_agencies_districts_and_communes(synthetic_engine):
    territory = table(synthetic_engine, "dossier_ontime_rate", "2022-01", "province")
    assert territory.at[PROVINCE, "sample_size"] == 10 + 40 + 50 + 100 + 100_000 + 100 + 10
    own_level = table(synthetic_engine, "dossier_ontime_rate_level", "2022-01", "province")
    assert own_level.at[PROVINCE, "value"] == 80.0  # the province's own 10/10 and its agency's 30/40


def test_a_quarter_is_built_from_its_months(synthetic_engine):
    communes = table(synthetic_engine, "dossier_ontime_rate", "2022-Q1", "commune")
    assert communes.at["99001", "value"] == 88.5  # (97 + 80) / (100 + 100), not the mean of 97 and 80
    received = table(synthetic_engine, "dossier_received", "2022-Q1", "commune")
    assert received.at["99003", "value"] == 7 + 61 + 2  # the stock carried into the quarter, then every flow


def test_values_are_rounded_once_half_up_and_ranked_as_printed(synthetic_engine):
    communes = table(synthetic_engine, "dossier_ontime_rate", "2022-01", "commune")
    assert communes.at["99002", "value"] == 97.8  # 97.849: one rounding, not 97.85 then 97.9
    raw = read_values(synthetic_engine, "dossier_ontime_rate", "2022-01", "commune", province_code=PROVINCE)
    assert raw.set_index("code").at["99002", "value"] == pytest.approx(97.849)
    assert communes["rank"].dropna().to_dict() == {"99001": 2, "99002": 1, "99003": 2, "99004": 4}  # ties share
    assert pd.isna(communes.at["99005", "rank"])  # no value, no rank


def test_lower_is_better_ranks_the_smallest_first(synthetic_engine):
    late = table(synthetic_engine, "dossier_late_count", "2022-01", "commune")
    assert late.at["99004", "rank"] == 1 and late.at["99002", "rank"] == 4  # 1 late dossier against 2,151


def test_an_indicator_without_direction_ranks_by_size_and_says_so(synthetic_engine):
    layer = build_layer(synthetic_engine, "dossier_received", "2022-01", "commune", province_code=PROVINCE)
    assert layer.rank_order == "largest_first"
    assert layer.table.set_index("code")["rank"].dropna().to_dict() == {"99001": 1, "99003": 2, "99002": 3,
                                                                        "99004": 4}
    assert (layer.table["change_sign"] == 0).all()  # more or fewer dossiers is neither better nor worse


def test_few_dossiers_are_flagged(synthetic_engine):
    communes = table(synthetic_engine, "dossier_ontime_rate", "2022-01", "commune")
    assert communes["few"].to_dict() == {"99001": False, "99002": False, "99003": False, "99004": True,
                                         "99005": False}
    assert not table(synthetic_engine, "dossier_received", "2022-01", "commune")["few"].any()  # not a rate


def test_changes_are_differences_of_printed_values_with_a_sign_by_direction(synthetic_engine):
    communes = table(synthetic_engine, "dossier_ontime_rate", "2022-02", "commune")
    assert (communes.at["99001", "change"], communes.at["99001", "change_sign"]) == (-17.0, -1)
    assert (communes.at["99003", "change"], communes.at["99003", "change_sign"]) == (0.0, 0)
    change_map = build_layer(synthetic_engine, "dossier_ontime_rate", "2022-02", "district", province_code=PROVINCE,
                             compare="2022-01", change_map=True)
    assert change_map.scheme == "change" and change_map.table.set_index("code")["rank"].to_dict() == {"992": 1,
                                                                                                       "991": 2}


def test_ranks_are_among_the_units_asked_for(synthetic_engine):
    district = table(synthetic_engine, "dossier_ontime_rate", "2022-01", "commune", parent_code="992")
    assert list(district.index) == ["99003", "99004", "99005"]  # Tam Đàn and Tam Dân: two communes
    assert district["rank"].dropna().to_dict() == {"99003": 1, "99004": 2}


def test_official_thresholds_are_fixed_classes(synthetic_engine):
    layer = build_layer(synthetic_engine, "investment_disbursement_rate", "2022-01", "district",
                        province_code=PROVINCE)
    assert layer.classes.labels == ("≤ 30,0", "30,0 – 50,0", "50,0 – 70,0", "70,0 – 95,0", "> 95,0")
    assert layer.legend() == ([0, 1, 1, 0, 0], 0, 0)
    assert layer.table.set_index("code")["class"].to_dict() == {"991": 1, "992": 2}
    empty = build_layer(synthetic_engine, "investment_disbursement_rate", "2022-02", "district",
                        province_code=PROVINCE)
    assert (empty.classes.labels, empty.classes.colours) == (layer.classes.labels, layer.classes.colours)
    assert empty.legend() == ([0, 0, 0, 0, 0], 2, 0)


def test_a_scheme_that_does_not_apply_falls_back_to_the_default(synthetic_engine):
    layer = build_layer(synthetic_engine, "dossier_received", "2022-01", "commune", province_code=PROVINCE,
                        scheme="official")
    assert (layer.scheme, layer.scheme_fallback) == ("quantiles", True)
    chosen = build_layer(synthetic_engine, "dossier_ontime_rate", "2022-01", "commune", province_code=PROVINCE,
                         scheme="equal")
    assert (chosen.scheme, chosen.scheme_fallback) == ("equal", False)


def test_agencies_are_ranked_by_the_same_rule(synthetic_engine):
    agencies = table(synthetic_engine, "dossier_ontime_rate", "2022-01", "agency")
    assert agencies.at[AGENCY, "value"] == 75.0 and agencies.at[AGENCY, "rank"] == 1


def test_latest_and_levels(synthetic_engine):
    layer = build_layer(synthetic_engine, "dossier_ontime_rate", "latest", "commune", province_code=PROVINCE)
    assert str(layer.period) == "2022-02" and str(layer.basis) == "2022-01"
    with pytest.raises(InputError, match="exists at levels"):
        build_layer(synthetic_engine, "par_index", "2022", "commune", province_code=PROVINCE)
    with pytest.raises(InputError, match="no data"):
        build_layer(synthetic_engine, "pci", "latest", "province", province_code=PROVINCE)
