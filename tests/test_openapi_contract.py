"""The API answers as /openapi.json says: for every operation schemathesis generates requests the spec allows and
requests it forbids, sends them to the WSGI app and checks each answer against the spec."""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, negative_data_rejection,
                                               response_schema_conformance, status_code_conformance)

from webmap.api import OPENAPI_FILE

from .test_web_pages import QUANG_NAM, TAM_KY, TAN_THANH

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]
PATHS = list(json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))["paths"])
KNOWN_CODES = ("VN", QUANG_NAM, TAM_KY, TAN_THANH)   # generated codes are almost never units of the demo database
IDENTITY = {"Accept-Encoding": "identity"}             # schemathesis's WSGI client does not decompress


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/openapi.json", app)


@pytest.mark.parametrize("path", PATHS)
def test_every_operation_answers_as_documented(api_schema, path):
    operation = api_schema[path]["GET"]
    strategies = [operation.as_strategy(mode) for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
    if "{code}" in path:
        strategies += [operation.as_strategy(path_parameters={"code": code}) for code in KNOWN_CODES]

    @settings(max_examples=25, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(case=st.one_of(strategies))
    def answers_as_documented(case):
        case.call_and_validate(headers=IDENTITY, checks=CHECKS)

    answers_as_documented()
