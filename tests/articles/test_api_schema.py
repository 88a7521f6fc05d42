"""The OpenAPI schema validates without warnings, and real responses conform to it."""

import copy
import io

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

from tests.support import schema_errors as _errors

pytestmark = pytest.mark.django_db


def _json_schema(openapi: dict, component: str) -> dict:
    """An OpenAPI 3.0 component as JSON Schema 2020-12 (nullable → null allowed)."""

    def convert(node):
        if isinstance(node, list):
            return [convert(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {k: convert(v) for k, v in node.items()}
        if "$ref" in node:
            node["$ref"] = node["$ref"].replace("#/components/schemas/", "#/$defs/")
        if node.pop("nullable", False):
            node = {"anyOf": [node, {"type": "null"}]}
        return node

    definitions = convert(copy.deepcopy(openapi["components"]["schemas"]))
    return {"$ref": f"#/$defs/{component}", "$defs": definitions}


def test_schema_validates_without_warnings():
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert "/api/v1/articles/{slug}/ninjs" in out.getvalue()


def test_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_every_list_filter_is_documented():
    from articles.filters import LIST_PARAMETERS

    openapi = SchemaGenerator().get_schema(request=None, public=True)
    documented = {p["name"] for p in openapi["paths"]["/api/v1/articles/"]["get"]["parameters"]}
    assert documented == set(LIST_PARAMETERS)


def test_responses_conform_to_the_schema(client, publish, update):

    article = publish()
    update(article, note="More.", body="More text.")
    publish("No photo here", photo=False)
    openapi = SchemaGenerator().get_schema(request=None, public=True)
    detail = client.get(f"/api/v1/articles/{article.slug}/").json()
    assert _errors(_json_schema(openapi, "ArticleDetail"), detail) == []
    listing = client.get("/api/v1/articles/?page_size=1").json()
    assert listing["next"]
    assert _errors(_json_schema(openapi, "ArticleList"), listing) == []
    error = client.get("/api/v1/articles/?page_size=0").json()
    assert _errors(_json_schema(openapi, "Error"), error) == []
