"""Validating canonical resources against their kind schema (UNKNOWN satisfies any schema)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from iacgate.model.kinds import kind_schema
from iacgate.model.resource import Resource
from iacgate.model.unknown import Unknown


def _validator_class() -> Any:
    import jsonschema
    from jsonschema import validators

    base = jsonschema.Draft202012Validator
    checker = base.TYPE_CHECKER.redefine_many(
        {
            name: (
                lambda original: (
                    lambda c, instance: isinstance(instance, Unknown) or original(c, instance)
                )
            )(base.TYPE_CHECKER._type_checkers[name])
            for name in ("string", "integer", "number", "boolean", "object", "array", "null")
        }
    )

    def skip_unknown(rule: str) -> Any:
        original = base.VALIDATORS[rule]

        def check(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
            if isinstance(instance, Unknown):
                return
            yield from original(validator, value, instance, schema)

        return check

    return validators.extend(
        base,
        {name: skip_unknown(name) for name in ("enum", "const", "properties", "required")},
        type_checker=checker,
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
