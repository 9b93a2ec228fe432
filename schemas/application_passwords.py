"""Application Passwords (/wp/v2/users/<id|me>/application-passwords[/<uuid>|/introspect]):
arguments and item schema, as WP_REST_Application_Passwords_Controller declares them."""

from __future__ import annotations

from typing import Any

from schemas.common import Args, Schema, context_param, index_args, item_schema_envelope

APP_ID_DESCRIPTION = (
    "A UUID provided by the application to uniquely identify it. It is recommended to use an UUID v5 "
    "with the URL or DNS namespace."
)


def item_schema(*, legacy_61: bool) -> Schema:
    props: dict[str, Any] = {
        "uuid": {"description": "The unique identifier for the application password.", "type": "string",
                 "format": "uuid", "context": ["view", "edit", "embed"], "readonly": True},
        "app_id": {"description": APP_ID_DESCRIPTION, "type": "string", "format": "uuid",
                   "context": ["view", "edit", "embed"]},
        "name": {"description": "The name of the application password.", "type": "string", "required": True,
                 "context": ["view", "edit", "embed"], "minLength": 1, "pattern": ".*\\S.*"},
        "password": {"description": "The generated password. Only available after adding an application.",
                     "type": "string", "context": ["edit"], "readonly": True},
        "created": {"description": "The GMT date the application password was created.", "type": "string",
                    "format": "date-time", "context": ["view", "edit"], "readonly": True},
        "last_used": {"description": "The GMT date the application password was last used.",
                      "type": ["string", "null"], "format": "date-time", "context": ["view", "edit"],
                      "readonly": True},
        "last_ip": {"description": "The IP address the application password was last used by.",
                    "type": ["string", "null"], "format": "ip", "context": ["view", "edit"], "readonly": True},
    }
    return item_schema_envelope("application-password", props)


def _writable(*, required_name: bool) -> Args:
    args: dict[str, Any] = {
        "app_id": {"description": APP_ID_DESCRIPTION, "type": "string", "format": "uuid"},
        "name": {"description": "The name of the application password.", "type": "string", "minLength": 1,
                 "pattern": ".*\\S.*", "required": required_name},
    }
    return index_args(args)


def read_args(*, legacy_61: bool) -> Args:
    return index_args({"context": context_param("view")})


def create_args(*, legacy_61: bool) -> Args:
    return _writable(required_name=True)


def update_args(*, legacy_61: bool) -> Args:
    return _writable(required_name=False)
