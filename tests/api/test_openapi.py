"""The published schema tells the truth about errors and input rules, for every operation."""

import pytest

from magistrat.api.schemas import TEXT_PATTERN

pytestmark = pytest.mark.django_db

ERROR_REF = "#/components/schemas/ErrorOut"


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client(HTTP_HOST="localhost").get("/api/v1/openapi.json").json()


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_every_error_answer_is_declared_with_the_error_schema(schema):
    for name, operation in _operations(schema):
        responses = operation["responses"]
        errors = {code: spec for code, spec in responses.items() if code.startswith("4")}
        assert errors, name
        for code, spec in errors.items():
            assert spec["content"]["application/json"]["schema"]["$ref"] == ERROR_REF, (name, code)
        signed_in = bool(operation.get("security"))
        takes_input = bool(operation.get("parameters") or operation.get("requestBody"))
        expected = ({"401"} if signed_in else set()) | ({"422"} if takes_input else set())
        if operation.get("requestBody"):
            expected |= {"400", "413"}
        if "BIP (public)" in operation.get("tags", []):
            expected |= {"429"}
            assert "304" in responses and "content" not in responses["304"], name
        assert expected <= errors.keys(), (name, expected - errors.keys())


def test_operations_with_credentials_declare_401_and_403(schema):
    for name, operation in _operations(schema):
        security = operation.get("security") or []
        if any("ApiKeyAuth" in s or "SessionAuth" in s for s in security):
            assert {"401", "403"} <= operation["responses"].keys(), name


def _strings(node, where):
    """Every string schema of the request side (parameters, bodies and the models they use)."""
    if isinstance(node, dict):
        if node.get("type") == "string":
            yield where, node
        for key, value in node.items():
            yield from _strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, f"{where}[{index}]")


def _request_models(schema):
    names = set()
    for _name, operation in _operations(schema):
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        ref = body.get("schema", {}).get("$ref", "")
        if ref:
            names.add(ref.rsplit("/", 1)[-1])
    names.add("RatingIn")  # each rating of a batch is checked as a RatingIn
    return names


def test_every_text_the_api_takes_refuses_control_characters(schema):
    found = []
    for name, operation in _operations(schema):
        found += list(_strings(operation.get("parameters", []), name))
    for model in _request_models(schema):
        found += list(_strings(schema["components"]["schemas"][model], model))
    assert len(found) > 20
    loose = [
        where
        for where, string in found
        if string.get("pattern") != TEXT_PATTERN and not {"format", "enum"} & string.keys()
    ]
    assert loose == []


def test_dates_and_moments_are_declared_by_format(schema):
    formats = {}
    for name, operation in _operations(schema):
        for parameter in operation.get("parameters", []):
            for _where, string in _strings(parameter["schema"], name):
                if "format" in string:
                    formats[(name, parameter["name"])] = string["format"]
    assert formats[("GET /api/v1/core/audit", "since")] == "date-time"
    assert formats[("GET /api/v1/bip/changes", "since")] == "date-time"
    assert formats[("GET /api/v1/bip/search", "date_from")] == "date"


def test_the_batch_declares_its_items_loosely_and_its_size(schema):
    batch = schema["components"]["schemas"]["BatchIn"]["properties"]["ratings"]
    assert (batch["minItems"], batch["maxItems"]) == (1, 100)
    assert batch["items"]["type"] == "object"
    item = schema["components"]["schemas"]["BatchItemOut"]["properties"]
    assert {"index", "client_id", "status", "detail", "field"} <= item.keys()
