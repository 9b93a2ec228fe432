"""Validating and sanitizing request values against the JSON-schema args of `schemas/`.

This follows WordPress's rest_validate_value_from_schema / rest_sanitize_value_from_schema:
the same type juggling (comma lists are arrays, "1" is an integer), the same checks in the same
order, and the same error codes and messages, since clients show them to people.
"""

from __future__ import annotations

import math
import re
from typing import Any

from wpcompat.util.dates import is_rest_date
from wpcompat.util.numbers import is_numeric, php_intval, to_number


class ParamError(Exception):
    """One invalid parameter: becomes an entry of `rest_invalid_param`'s params/details."""

    def __init__(self, code: str, message: str, data: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data


_LIST_SPLIT = re.compile(r"[\s,]+")


def is_integer(value: Any) -> bool:
    """rest_is_integer: numeric and without a fractional part ("10.0" counts; so does "1e309",
    which PHP reads as INF, and INF rounds to itself)."""
    if not is_numeric(value):
        return False
    number = to_number(value)
    return math.isinf(number) or round(number) == number




def is_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return True
    if isinstance(value, str):
        return value.lower() in ("false", "true", "0", "1")
    if isinstance(value, int):
        return value in (0, 1)
    return False


def to_boolean(value: Any) -> bool:
    """rest_sanitize_boolean: "false" and "0" (and "") are false, any other string true."""
    if isinstance(value, str):
        return value.lower() not in ("false", "0", "")
    return bool(value)


def parse_list(value: Any) -> list[Any]:
    """wp_parse_list: a comma/space separated string, or an array's values."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    if value is None:
        return []
    return [v for v in _LIST_SPLIT.split(str(value)) if v != ""]


def is_array(value: Any) -> bool:
    """rest_is_array: scalars are parsed as lists; dicts count only with numeric keys."""
    if isinstance(value, (str, int, float, bool)):
        return True
    if isinstance(value, list):
        return True
    if isinstance(value, dict):
        return all(isinstance(k, int) or (isinstance(k, str) and k.isdigit()) for k in value)
    return False


def is_object(value: Any) -> bool:
    return value == "" or isinstance(value, (dict, list))


_TYPE_CHECKS = {
    "array": is_array,
    "object": is_object,
    "integer": is_integer,
    "number": is_numeric,
    "boolean": is_boolean,
    "string": lambda v: isinstance(v, str),
    "null": lambda v: v is None,
}


def best_type(value: Any, types: list[str]) -> str:
    """rest_get_best_type_for_value: the first of `types` the value passes, in schema order."""
    if value == "" and "string" in types:
        return "string"
    for kind in types:
        check = _TYPE_CHECKS.get(kind)
        if check and check(value):
            return kind
    return ""


def human_list(items: list[Any]) -> str:
    """wp_sprintf's %l: "a", "a and b", "a, b, and c"."""
    words = [str(i) if not isinstance(i, bool) else ("true" if i else "false") for i in items]
    if len(words) <= 1:
        return "".join(words)
    if len(words) == 2:
        return f"{words[0]} and {words[1]}"
    return ", ".join(words[:-1]) + ", and " + words[-1]


def _invalid_type(param: str, kind: str) -> ParamError:
    return ParamError("rest_invalid_type", f"{param} is not of type {kind}.", {"param": param})


def _fmt_num(value: Any) -> str:
    # sprintf %d: the bound printed as an integer.
    return str(php_intval(value))


def _check_number(value: Any, schema: dict[str, Any], param: str) -> None:
    number = to_number(value)
    lo, hi = schema.get("minimum"), schema.get("maximum")
    xlo, xhi = bool(schema.get("exclusiveMinimum")), bool(schema.get("exclusiveMaximum"))
    if lo is not None and hi is None:
        if (xlo and number <= lo) or (not xlo and number < lo):
            word = "greater than" if xlo else "greater than or equal to"
            raise ParamError("rest_out_of_bounds", f"{param} must be {word} {_fmt_num(lo)}")
    if hi is not None and lo is None:
        if (xhi and number >= hi) or (not xhi and number > hi):
            word = "less than" if xhi else "less than or equal to"
            raise ParamError("rest_out_of_bounds", f"{param} must be {word} {_fmt_num(hi)}")
    if lo is not None and hi is not None:
        below = number <= lo if xlo else number < lo
        above = number >= hi if xhi else number > hi
        if below or above:
            raise ParamError(
                "rest_out_of_bounds",
                f"{param} must be between {_fmt_num(lo)} ({'exclusive' if xlo else 'inclusive'}) "
                f"and {_fmt_num(hi)} ({'exclusive' if xhi else 'inclusive'})",
            )


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _validate_typed(value: Any, schema: dict[str, Any], param: str, kind: str) -> None:
    if kind == "null":
        if value is not None:
            raise _invalid_type(param, "null")
    elif kind == "boolean":
        if not is_boolean(value):
            raise _invalid_type(param, "boolean")
    elif kind == "number":
        if not is_numeric(value):
            raise _invalid_type(param, "number")
        _check_number(value, schema, param)
    elif kind == "integer":
        if not is_integer(value):
            raise _invalid_type(param, "integer")
        _check_number(value, schema, param)
    elif kind == "string":
        if not isinstance(value, str):
            raise _invalid_type(param, "string")
        length = len(value)
        if "minLength" in schema and length < schema["minLength"]:
            n = schema["minLength"]
            raise ParamError(
                "rest_too_short",
                f"{param} must be at least {n} {_plural(n, 'character', 'characters')} long.",
            )
        if "maxLength" in schema and length > schema["maxLength"]:
            n = schema["maxLength"]
            raise ParamError(
                "rest_too_long",
                f"{param} must be at most {n} {_plural(n, 'character', 'characters')} long.",
            )
        if "pattern" in schema and not re.search(schema["pattern"], value):
            raise ParamError("rest_invalid_pattern", f"{param} does not match pattern {schema['pattern']}.")
    elif kind == "array":
        if not is_array(value):
            raise _invalid_type(param, "array")
        items = parse_list(value)
        if "minItems" in schema and len(items) < schema["minItems"]:
            n = schema["minItems"]
            raise ParamError(
                "rest_too_few_items", f"{param} must contain at least {n} {_plural(n, 'item', 'items')}."
            )
        if "maxItems" in schema and len(items) > schema["maxItems"]:
            n = schema["maxItems"]
            raise ParamError(
                "rest_too_many_items", f"{param} must contain at most {n} {_plural(n, 'item', 'items')}."
            )
        item_schema = schema.get("items")
        if item_schema:
            for index, item in enumerate(items):
                validate_value(item, item_schema, f"{param}[{index}]")
        if schema.get("uniqueItems") and len({repr(i) for i in items}) != len(items):
            raise ParamError("rest_duplicate_items", f"{param} has duplicate items.")
    elif kind == "object":
        if not is_object(value):
            raise _invalid_type(param, "object")
        obj = value if isinstance(value, dict) else {str(i): v for i, v in enumerate(value or [])}
        properties = schema.get("properties", {})
        for name in schema.get("required", []) if isinstance(schema.get("required"), list) else []:
            if name not in obj:
                raise ParamError("rest_property_required", f"{name} is a required property of {param}.")
        for key, item in obj.items():
            if key in properties:
                validate_value(item, properties[key], f"{param}[{key}]")
            elif schema.get("additionalProperties") is False:
                raise ParamError(
                    "rest_additional_properties_forbidden", f"{key} is not a valid property of Object."
                )
            elif isinstance(schema.get("additionalProperties"), dict):
                validate_value(item, schema["additionalProperties"], f"{param}[{key}]")


def _validate_enum(value: Any, schema: dict[str, Any], param: str) -> None:
    enum = schema["enum"]
    kind = schema.get("type")
    candidate = value
    if kind == "integer" and is_integer(value):
        candidate = php_intval(value)
    elif kind == "number" and is_numeric(value):
        candidate = to_number(value)
    elif kind == "boolean" and is_boolean(value):
        candidate = to_boolean(value)
    for allowed in enum:
        if (allowed == candidate and type(allowed) is type(candidate)) or str(allowed) == str(candidate):
            return
    if len(enum) == 1:
        raise ParamError("rest_not_in_enum", f"{param} is not {human_list(enum)}.")
    raise ParamError("rest_not_in_enum", f"{param} is not one of {human_list(enum)}.")


def _validate_format(value: Any, fmt: str, param: str) -> None:
    if fmt == "date-time":
        if not isinstance(value, str) or not is_rest_date(value):
            raise ParamError("rest_invalid_date", "Invalid date.")
    elif fmt == "email":
        from wpcompat.render.formatting import is_email

        if not isinstance(value, str) or not is_email(value):
            raise ParamError("rest_invalid_email", "Invalid email address.")
    elif fmt == "hex-color":
        if not isinstance(value, str) or not re.match(r"^#([A-Fa-f0-9]{3}){1,2}$", value):
            raise ParamError("rest_invalid_hex_color", "Invalid hex color.")
    elif fmt == "uuid":
        if not isinstance(value, str) or not re.match(
            r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", value, re.I
        ):
            raise ParamError("rest_invalid_uuid", f"{param} is not a valid UUID.")


def validate_value(value: Any, schema: dict[str, Any], param: str) -> None:
    """Raise ParamError when `value` does not satisfy `schema`, as WordPress would."""
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            _validate_combined(value, schema, param, keyword)
            return
    kind = schema.get("type")
    if isinstance(kind, list):
        chosen = best_type(value, kind)
        if not chosen:
            raise ParamError(
                "rest_invalid_type", f"{param} is not of type {','.join(kind)}.", {"param": param}
            )
        schema = {**schema, "type": chosen}
        kind = chosen
    if isinstance(kind, str):
        _validate_typed(value, schema, param, kind)
    if schema.get("enum"):
        _validate_enum(value, schema, param)
    if "format" in schema and kind in (None, "string"):
        _validate_format(value, schema["format"], param)


def _validate_combined(value: Any, schema: dict[str, Any], param: str, keyword: str) -> None:
    """rest_find_any_matching_schema / rest_find_one_matching_schema: the value must match one
    option (anyOf) or exactly one (oneOf); otherwise the error says which and why."""
    matches: list[tuple[int, dict[str, Any]]] = []
    errors: list[tuple[ParamError, dict[str, Any], int]] = []
    for index, option in enumerate(schema[keyword]):
        try:
            validate_value(value, {**{k: v for k, v in schema.items() if k != keyword}, **option}, param)
        except ParamError as error:
            errors.append((error, option, index))
            continue
        if keyword == "anyOf":
            return
        matches.append((index, option))
    if len(matches) == 1:
        return
    if len(matches) > 1:
        positions = [index for index, _ in matches]
        titles = [option["title"] for _, option in matches if "title" in option]
        if len(titles) == len(matches):
            message = f"{param} matches {human_list(titles)}, but should match only one."
        else:
            message = f"{param} matches more than one of the expected formats."
        raise ParamError("rest_one_of_multiple_matches", message, {"positions": positions})
    raise _combining_error(value, param, errors)


def _combining_error(value: Any, param: str, errors: list[tuple[ParamError, dict[str, Any], int]]) -> ParamError:
    """rest_get_combining_operation_error: the most telling of the options' errors."""
    if len(errors) == 1:
        return _combining_reason(param, *errors[0])
    # Errors that only say "not of this type" about the value itself tell nothing: the value was
    # meant for another option. Errors about a part of it (param[0]...) do.
    telling = [
        e for e in errors
        if e[0].code != "rest_invalid_type" or (e[0].data or {}).get("param", param) != param
    ]
    if len(telling) == 1:
        return _combining_reason(param, *telling[0])
    if len(telling) > 1 and telling[0][1].get("type") == "object" and isinstance(value, dict):
        best, most = None, 0
        for e in telling:
            shared = len(set(e[1].get("properties") or {}) & set(value))
            if shared > most:
                best, most = e, shared
        if best is not None:
            return _combining_reason(param, *best)
    titles = [option["title"] for _, option, _ in errors if "title" in option]
    if len(titles) == len(errors):
        return ParamError("rest_no_matching_schema", f"{param} is not a valid {human_list(titles)}.")
    return ParamError("rest_no_matching_schema", f"{param} does not match any of the expected formats.")


def _combining_reason(param: str, error: ParamError, option: dict[str, Any], index: int) -> ParamError:
    """rest_format_combining_operation_error: one option's error, named by the option's title."""
    if "title" in option:
        message = f"{param} is not a valid {option['title']}. Reason: {error.message}"
    else:
        message = f"{param} does not match the expected format. Reason: {error.message}"
    return ParamError("rest_no_matching_schema", message, {"position": index})


def _matching_option(value: Any, schema: dict[str, Any], keyword: str) -> dict[str, Any]:
    for option in schema[keyword]:
        merged = {**{k: v for k, v in schema.items() if k != keyword}, **option}
        try:
            validate_value(value, merged, "")
        except ParamError:
            continue
        return merged
    return {k: v for k, v in schema.items() if k != keyword}


def sanitize_value(value: Any, schema: dict[str, Any]) -> Any:
    """rest_sanitize_value_from_schema: coerce a valid value to its schema type."""
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            return sanitize_value(value, _matching_option(value, schema, keyword))
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = best_type(value, kind) or None
    if kind == "array":
        items = parse_list(value)
        item_schema = schema.get("items")
        return [sanitize_value(i, item_schema) for i in items] if item_schema else items
    if kind == "object":
        if not isinstance(value, dict):
            return {}
        properties = schema.get("properties", {})
        return {k: sanitize_value(v, properties[k]) if k in properties else v for k, v in value.items()}
    if kind == "integer":
        return php_intval(value) if is_numeric(value) else 0
    if kind == "number":
        return to_number(value) if is_numeric(value) else 0.0
    if kind == "boolean":
        return to_boolean(value)
    if kind == "null":
        return None
    fmt = schema.get("format")
    if fmt == "uri" and isinstance(value, str):
        from wpcompat.render.escape import esc_url_raw

        return esc_url_raw(value)
    if fmt in ("email", "date-time", "text-field") and isinstance(value, str):
        from wpcompat.render.formatting import sanitize_email, sanitize_text_field

        return sanitize_email(value) if fmt == "email" else sanitize_text_field(value)
    if kind == "string":
        if isinstance(value, bool):
            return "1" if value else ""
        return value if isinstance(value, str) else str(value)
    return value
