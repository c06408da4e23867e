"""Unit profiles read every indicator of the catalogue together (layers.values.read_many_values): the same values
as one read per indicator, from one query of the stored values per level."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import event

from layers.numbers import format_number
from layers.values import read_many_values, read_values
from webmap import create_app
from webmap.settings import WebSettings

PAIRS = [("dossier_ontime_rate", "2022-Q2"), ("dossier_ontime_rate", "2022-Q1"), ("dossier_received", "2022"),
         ("index766_total", "2022-06"), ("investment_disbursement_rate", "2022-12"), ("dossier_late_count", "latest")]


@pytest.mark.parametrize("level, scope", [("district", {"province_code": "49"}),
                                          ("commune", {"parent_code": "512"}),
                                          ("province", {"province_code": "49"})])
def test_many_values_equal_one_read_per_indicator(app, level, scope):
    engine = app.extensions["bandotheche"].engine
    pairs = [(i, p) for i, p in PAIRS if level != "commune" or i != "investment_disbursement_rate"]
    together = read_many_values(engine, pairs, level, **scope)
    assert list(together) == pairs
    for indicator, period in pairs:
        alone = read_values(engine, indicator, period, level, **scope)
        pd.testing.assert_frame_equal(together[indicator, period], alone)
        assert together[indicator, period].attrs == alone.attrs
        assert alone["value"].notna().any(), (indicator, period, level)


def test_a_profile_reads_stored_values_once_per_level(app, demo_url):
    """The district's own level (shown and previous periods) and its province: two reads, not one per indicator."""
    engine = app.extensions["bandotheche"].engine
    app = create_app(WebSettings(database_url=demo_url), engine=engine)  # empty caches
    reads = []

    def count(conn, cursor, statement, *_):
        if "FROM stat_value" in statement and "stat_value.measure IN" in statement and "DISTINCT" not in statement:
            reads.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = app.test_client().get("/unit/512?period=2022-Q2&indicator=dossier_ontime_rate")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    expected = read_values(engine, "dossier_ontime_rate", "2022-Q2", "district", province_code="49")
    value = expected.set_index("code").at["512", "value"]
    assert format_number(value, "vi", 1) in html
    assert len(reads) <= 3, len(reads)  # district level, province level, the children's table
