"""Shared building blocks for the wp/v2 argument and item-schema definitions.

Everything here is plain data (dicts, lists) in WordPress's key order, so the framework can serialise it
as-is for the discovery index and for OPTIONS, and validate requests against the very same dicts.

Conventions used by every resource module:

* ``*_args`` functions return the arguments of one endpoint exactly as the index (``GET /wp-json/``)
  shows them: only JSON-schema keywords, and a trailing ``"required": bool`` on every argument.
* ``item_schema`` returns the item schema as OPTIONS shows it (no ``arg_options``).
* An empty PHP array is serialised by WordPress as ``[]``; where a *schema* holds such an empty array
  (``meta.properties`` with nothing registered) we keep a Python ``[]``. An endpoint without arguments
  is ``{}`` here; the index writes it as ``[]`` (see :func:`php_args_json`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

Schema = dict[str, Any]
Args = dict[str, dict[str, Any]]

JSON_SCHEMA_DRAFT = "http://json-schema.org/draft-04/schema#"
CONTEXTS: list[str] = ["view", "embed", "edit"]
VIEW_EDIT_EMBED: list[str] = ["view", "edit", "embed"]
VIEW_EDIT: list[str] = ["view", "edit"]
EDIT: list[str] = ["edit"]

# JSON-schema keywords the REST server keeps when it describes an argument (rest_get_allowed_schema_keywords),
# in WordPress's order: schema-derived endpoint arguments copy them in this order.
ALLOWED_SCHEMA_KEYWORDS: tuple[str, ...] = (
    "title",
    "description",
    "default",
    "type",
    "format",
    "enum",
    "items",
    "properties",
    "additionalProperties",
    "patternProperties",
    "minProperties",
    "maxProperties",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "anyOf",
    "oneOf",
)
_ALLOWED = frozenset(ALLOWED_SCHEMA_KEYWORDS)

# Method groups as WordPress names them (WP_REST_Server::READABLE etc.).
READABLE: list[str] = ["GET"]
CREATABLE: list[str] = ["POST"]
EDITABLE: list[str] = ["POST", "PUT", "PATCH"]
DELETABLE: list[str] = ["DELETE"]
ALLMETHODS: list[str] = ["GET", "POST", "PUT", "PATCH", "DELETE"]


# --------------------------------------------------------------------------------------------------------
# Index form


def index_arg(opts: Mapping[str, Any]) -> dict[str, Any]:
    """One argument as the index shows it: allowed keywords in their given order, then ``required``."""
    out = {key: copy.deepcopy(value) for key, value in opts.items() if key in _ALLOWED}
    out["required"] = bool(opts.get("required"))
    return out


def index_args(args: Mapping[str, Mapping[str, Any]]) -> Args:
    """Every argument of an endpoint in index form (see :func:`index_arg`)."""
    return {name: index_arg(opts) for name, opts in args.items()}


def php_args_json(args: Args) -> Args | list[Any]:
    """What the index prints for an endpoint's args: PHP's empty array becomes ``[]``."""
    return args if args else []


# --------------------------------------------------------------------------------------------------------
# Base-controller parameters


def context_param(default: str | None = "view", enum: Iterable[str] | None = None) -> dict[str, Any]:
    """The ``context`` argument (WP_REST_Controller::get_context_param), without ``required``."""
    param: dict[str, Any] = {
        "description": "Scope under which the request is made; determines fields present in response.",
        "type": "string",
        "enum": list(enum) if enum is not None else list(CONTEXTS),
    }
    if default is not None:
        param["default"] = default
    return param


def page_param() -> dict[str, Any]:
    return {"description": "Current page of the collection.", "type": "integer", "default": 1, "minimum": 1}


def per_page_param(default: int | None = 10, maximum: int = 100) -> dict[str, Any]:
    param: dict[str, Any] = {
        "description": "Maximum number of items to be returned in result set.",
        "type": "integer",
    }
    if default is not None:
        param["default"] = default
    param["minimum"] = 1
    param["maximum"] = maximum
    return param


def search_param() -> dict[str, Any]:
    return {"description": "Limit results to those matching a string.", "type": "string"}


def schema_contexts(schema: Mapping[str, Any]) -> list[str]:
    """The ``context`` enum WordPress derives from an item schema: every context used, reverse-sorted."""
    found: set[str] = set()
    for attributes in (schema.get("properties") or {}).values():
        found.update(attributes.get("context") or [])
    return sorted(found, reverse=True) if found else list(CONTEXTS)


def collection_params(
    context_default: str | None = "view", context_enum: Iterable[str] | None = None
) -> dict[str, dict[str, Any]]:
    """WP_REST_Controller::get_collection_params: context, page, per_page, search (raw, no ``required``)."""
    return {
        "context": context_param(default=context_default, enum=context_enum),
        "page": page_param(),
        "per_page": per_page_param(),
        "search": search_param(),
    }


def id_list_param(description: str, default: list[Any] | None = None, *, default_first: bool = False) -> dict:
    """An ``array`` of integers (``include``, ``exclude``…); ``default`` goes where WordPress puts it."""
    param: dict[str, Any] = {}
    if default is not None and default_first:
        param["default"] = default
    param["description"] = description
    param["type"] = "array"
    param["items"] = {"type": "integer"}
    if default is not None and not default_first:
        param["default"] = default
    return param


def include_exclude_params() -> dict[str, dict[str, Any]]:
    return {
        "exclude": id_list_param("Ensure result set excludes specific IDs.", []),
        "include": id_list_param("Limit result set to specific IDs.", []),
    }


def offset_param() -> dict[str, Any]:
    return {"description": "Offset the result set by a specific number of items.", "type": "integer"}


def order_param(default: str = "desc") -> dict[str, Any]:
    return {
        "description": "Order sort attribute ascending or descending.",
        "type": "string",
        "default": default,
        "enum": ["asc", "desc"],
    }


def orderby_param(description: str, default: str, enum: list[str]) -> dict[str, Any]:
    return {"description": description, "type": "string", "default": default, "enum": list(enum)}


def force_param(description: str = "Whether to bypass Trash and force deletion.") -> dict[str, Any]:
    return {"type": "boolean", "default": False, "description": description}


def id_param(description: str) -> dict[str, Any]:
    return {"description": description, "type": "integer"}


# --------------------------------------------------------------------------------------------------------
# Schema helpers


def meta_field_schema(properties: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The ``meta`` field (WP_REST_Meta_Fields::get_field_schema) with the given registered keys."""
    return {
        "description": "Meta fields.",
        "type": "object",
        "context": ["view", "edit"],
        # PHP's empty array prints as [] when nothing is registered.
        "properties": copy.deepcopy(dict(properties)) if properties else [],
    }


def registered_meta_schema(
    type_: str,
    description: str = "",
    *,
    label: str = "",
    legacy_61: bool,
    default: Any = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The schema of one single-valued meta key registered with ``show_in_rest``.

    WordPress builds it as ``type``, ``title`` (6.7+, the meta ``label``), ``description``, ``default``
    (the empty value of the type when none is registered), then the keys of the ``show_in_rest`` schema.
    """
    # PHP's empty array (for "array" and "object") prints as [].
    empty: dict[str, Any] = {
        "string": "",
        "boolean": False,
        "integer": 0,
        "number": 0,
        "array": [],
        "object": [],
    }
    out: dict[str, Any] = {"type": type_}
    if not legacy_61:
        out["title"] = label
    out["description"] = description
    out["default"] = copy.deepcopy(empty.get(type_) if default is None else default)
    if extra:
        for key, value in extra.items():
            out[key] = copy.deepcopy(value)
    return out


def item_schema_envelope(title: str, properties: dict[str, Any], **extra: Any) -> Schema:
    schema: Schema = {
        "$schema": JSON_SCHEMA_DRAFT,
        "title": title,
        "type": "object",
        "properties": properties,
    }
    schema.update(extra)
    return schema


def endpoint_args_for_schema(
    schema: Mapping[str, Any],
    creatable: bool,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, dict[str, Any]]:
    """Arguments derived from an item schema (rest_get_endpoint_args_for_schema), raw form.

    Every property that is not ``readonly`` becomes an argument: for a creating endpoint, its ``default``
    first and ``required`` when the property is required; then the allowed schema keywords in
    WordPress's keyword order. ``overrides`` stands for a property's ``arg_options`` (merged last; only
    creating endpoints keep ``default``/``required`` from it). PHP's ``isset`` skips null values, and so
    do we.
    """
    out: dict[str, dict[str, Any]] = {}
    properties = schema.get("properties") or {}
    for name, params in properties.items():
        if params.get("readonly"):
            continue
        arg: dict[str, Any] = {}
        if creatable and params.get("default") is not None:
            arg["default"] = copy.deepcopy(params["default"])
        if creatable and params.get("required"):
            arg["required"] = True
        for keyword in ALLOWED_SCHEMA_KEYWORDS:
            if keyword in ("default", "required"):
                continue
            if params.get(keyword) is not None:
                arg[keyword] = copy.deepcopy(params[keyword])
        if overrides and name in overrides:
            extra = dict(overrides[name])
            if not creatable:
                extra.pop("default", None)
                extra.pop("required", None)
            arg.update(copy.deepcopy(extra))
        out[name] = arg
    return out


def public_schema(schema: Mapping[str, Any]) -> Schema:
    """A deep copy of a schema with every property's ``arg_options`` dropped, as OPTIONS shows it."""
    out = copy.deepcopy(dict(schema))
    for value in (out.get("properties") or {}).values():
        if isinstance(value, dict):
            value.pop("arg_options", None)
    return out
