"""Value coercions shared by every AWS normalizer (Terraform, CloudFormation): one definition,
so the sources cannot disagree on what "true" or "20" becomes."""

from __future__ import annotations

from typing import Any

from iacgate.model.unknown import Unknown, is_unknown


def to_bool(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        # The value itself is not quoted: it may be sensitive (reports print Unknown reasons).
        return Unknown('not a boolean: a string other than "true" or "false"')
    return value


def to_int(value: Any) -> Any:
    if value is None or is_unknown(value) or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return Unknown(f"not a number: a {type(value).__name__} that does not convert")
    return int(number) if number.is_integer() else number
