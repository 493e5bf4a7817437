"""Honest types: the rule API says what it takes, and every silenced check says why."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import iacgate.rules as api

ROOT = Path(__file__).resolve().parent.parent
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<rest>.*)$")
WITH_REASON = re.compile(r"^\[[a-z-]+(, [a-z-]+)*\]  # \S")


def test_every_type_ignore_names_its_code_and_its_reason() -> None:
    bare = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("iacgate", "policy_packs")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if (found := IGNORE.search(line)) and not WITH_REASON.match(found["rest"])
    ]
    assert bare == []


def _annotations(value: object) -> dict[str, str]:
    if inspect.isclass(value):
        found = {}
        for name, member in vars(value).items():
            if name.startswith("_") and name != "__init__":
                continue
            if isinstance(member, property):
                member = member.fget
            if inspect.isfunction(member):
                found.update({f"{name}.{k}": v for k, v in _annotations(member).items()})
        return found
    if inspect.isfunction(value):
        return {k: str(v) for k, v in inspect.get_annotations(value).items()}
    return {}


def test_the_rule_api_signatures_say_value_not_any() -> None:
    """An evaluated attribute is a ``Value``; nothing else in the rule API is ``Any``."""
    loose = {
        f"{name}.{where}": annotation
        for name in api.__all__
        for where, annotation in _annotations(getattr(api, name)).items()
        if re.search(r"\bAny\b", annotation)
    }
    assert loose == {}


def test_the_check_sees_any(tmp_path: Path) -> None:
    def sloppy(value: Any) -> Any:
        return value

    assert set(_annotations(sloppy).values()) == {"Any"}
    assert not WITH_REASON.match("[arg-type]")
    assert WITH_REASON.match("[arg-type]  # PyYAML is untyped")
