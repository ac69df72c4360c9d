"""Request validation errors in the project's words: what is wrong with which field, without the
validator's own phrasing ("Value error, …", "Input should be …")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

_WHERE = {"body": "", "query": "", "path": "", "header": "header ", "cookie": "cookie "}


def field_name(loc: Iterable[Any]) -> str:
    """``("body", "articles", 0, "url")`` → ``articles[0].url``; ``("query", "limit")`` → ``limit``."""
    parts: list[str] = []
    for x in loc:
        if isinstance(x, int):
            parts.append(f"[{x}]")
        elif str(x) in _WHERE and not parts:
            if _WHERE[str(x)]:
                parts.append(_WHERE[str(x)])
        else:
            parts.append(("." if parts and not parts[-1].endswith(" ") else "") + str(x))
    return "".join(parts)


def plain(error: Mapping[str, Any]) -> str:
    """One validation error as a sentence a user can act on."""
    name = field_name(error.get("loc", ())) or "the request"
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"{name} is missing"
    if kind in {"enum", "literal_error"}:
        return f"{name} must be one of {ctx.get('expected', 'the listed values')}"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{name} must be a whole number"
    if kind in {"float_parsing", "float_type"}:
        return f"{name} must be a number"
    if kind in {"bool_parsing", "bool_type"}:
        return f"{name} must be true or false"
    if kind in {"string_type", "str_type"}:
        return f"{name} must be text"
    if kind in {"list_type", "dict_type", "model_type", "model_attributes_type"}:
        return f"{name} must be {'a list' if kind == 'list_type' else 'an object'}"
    if kind == "greater_than_equal":
        return f"{name} must be at least {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"{name} must be at most {ctx.get('le')}"
    if kind == "greater_than":
        return f"{name} must be more than {ctx.get('gt')}"
    if kind == "less_than":
        return f"{name} must be less than {ctx.get('lt')}"
    if kind == "string_too_long":
        return f"{name} is longer than {ctx.get('max_length')} characters"
    if kind == "string_too_short":
        return f"{name} is empty" if ctx.get("min_length") == 1 else f"{name} is too short"
    if kind == "too_short":
        return f"{name} needs at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"{name} takes at most {ctx.get('max_length')} items"
    if kind in {"json_invalid", "json_type"}:
        return "the request body is not valid JSON"
    if kind == "value_error":
        msg = str(error.get("msg", "")).removeprefix("Value error, ")
        return f"{name}: {msg}"
    return f"{name} is not valid"


def invalid_request(errors: Iterable[Mapping[str, Any]], limit: int = 5) -> str:
    """The first few errors of a request, joined: "invalid request: limit must be a whole number"."""
    return "invalid request: " + "; ".join(plain(e) for e in list(errors)[:limit])
