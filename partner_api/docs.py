"""A documentation page for the listings API built from its own OpenAPI document: no CDN, no JavaScript."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from partner_api.api import api


def _schema_type(schema: dict) -> str:
    if "anyOf" in schema:
        return " or ".join(_schema_type(option) for option in schema["anyOf"])
    if "const" in schema:
        return f"always {str(schema['const']).lower()}"
    if "oneOf" in schema:
        return " or ".join(_schema_type(option) for option in schema["oneOf"])
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"list of {_schema_type(schema.get('items', {}))}"
    return schema.get("type", "object")


@require_safe
def reference(request):
    document = api.get_openapi_schema(path_prefix="/api/listings/v1")
    operations = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": _schema_type(parameter.get("schema", {})),
                    "description": parameter.get("description")
                    or parameter.get("schema", {}).get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            responses = [
                {"status": status, "description": response.get("description", "")}
                for status, response in operation.get("responses", {}).items()
            ]
            operations.append(
                {
                    "id": operation.get("operationId", path),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "responses": responses,
                }
            )
    schemas = []
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        required = set(schema.get("required", []))
        fields = [
            {
                "name": field,
                "type": _schema_type(spec),
                "required": field in required,
                "description": spec.get("description", ""),
            }
            for field, spec in schema.get("properties", {}).items()
        ]
        schemas.append({"name": name, "description": schema.get("description", ""), "fields": fields})
    return render(
        request,
        "partner_api/reference.html",
        {"info": document["info"], "operations": operations, "schemas": schemas},
    )
