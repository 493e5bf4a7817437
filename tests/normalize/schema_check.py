"""Validating canonical resources against their kind schema (UNKNOWN satisfies any schema)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from iacgate.model.kinds import kind_schema
from iacgate.model.resource import Resource
from iacgate.model.unknown import Unknown


def _validator_class() -> Any:
    """Draft 2020-12, except that an UNKNOWN satisfies every keyword: it stands for a value
    of the right shape that is not known yet."""
    import jsonschema
    from jsonschema import validators

    base = jsonschema.Draft202012Validator

    def skip_unknown(original: Any) -> Any:
        def check(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
            if isinstance(instance, Unknown):
                return
            yield from original(validator, value, instance, schema) or ()

        return check

    return validators.extend(
        base, {name: skip_unknown(check) for name, check in base.VALIDATORS.items()}
    )


def schema_errors(resources: Iterable[Resource]) -> list[str]:
    cls = _validator_class()
    errors: list[str] = []
    for resource in resources:
        validator = cls(kind_schema(resource.kind))
        for error in validator.iter_errors(dict(resource.attributes)):
            where = "/".join(str(p) for p in error.absolute_path)
            errors.append(f"{resource.kind} {resource.address} {where}: {error.message}")
    return errors
