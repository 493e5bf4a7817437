"""A pack's rule index: what each rule is, without importing the rule modules.

Every scan loads every rule of its packs (selection, configuration checks and reports name them),
but judges only the kinds it meets: importing hundreds of rules' modules cost a one-file scan
more than its whole judgement. A pack may ship ``index.json`` beside its ``pack.toml``: its
manifest and, per rule, the metadata and the module and function that define it. Rules are then
made from the index with a ``LazyCheck``: a rule's module is imported when the rule first judges
a resource or its docstring is first read, and checked against the index then.

The bundled packs' indexes are generated (``write``) and a test keeps them current; a pack
without an index is loaded by importing its modules, as before.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from iacgate.rules.dsl import LazyCheck, Rule
from iacgate.rules.metadata import RuleMeta, Severity

INDEX_FILE = "index.json"
VERSION = 1

__all__ = ["INDEX_FILE", "load", "render", "write"]


def render(name: str, manifest: dict[str, object], rules: list[Rule]) -> str:
    """The index of a pack loaded by importing its modules: one rule per line."""
    head = {
        "index_version": VERSION,
        "name": name,
        "version": str(manifest.get("version", "0")),
        "description": str(manifest.get("description", "")),
    }
    lines = [json.dumps(head, sort_keys=True)[:-1] + ', "rules": [']
    for position, item in enumerate(rules):
        module, _, function = item.origin.partition(":")
        entry = {
            "code": item.meta.code,
            "name": item.meta.name,
            "severity": item.meta.severity.label,
            "kinds": list(item.meta.kinds),
            "frameworks": {fw: list(ids) for fw, ids in item.meta.frameworks},
            "tags": list(item.meta.tags),
            "module": module,
            "function": function,
        }
        comma = "," if position < len(rules) - 1 else ""
        lines.append(" " + json.dumps(entry, sort_keys=True) + comma)
    lines.append("]}")
    return "\n".join(lines) + "\n"


def load(text: str, origin: str) -> tuple[dict[str, Any], tuple[Rule, ...]]:
    """The manifest fields and the rules of an index; ``ValueError`` when it is malformed."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("index_version") != VERSION:
        raise ValueError(f"{origin}: not a version {VERSION} rule index")
    name = str(data["name"])
    rules: list[Rule] = []
    for entry in data["rules"]:
        module, function = str(entry["module"]), str(entry["function"])
        meta = RuleMeta(
            code=str(entry["code"]),
            name=str(entry["name"]),
            severity=Severity.parse(str(entry["severity"])),
            kinds=tuple(str(k) for k in entry["kinds"]),
            frameworks=tuple(
                (str(fw), tuple(str(i) for i in ids)) for fw, ids in entry["frameworks"].items()
            ),
            tags=tuple(str(t) for t in entry["tags"]),
            doc_source=None,
        )
        check = LazyCheck(module, function, meta)
        meta = RuleMeta(
            code=meta.code,
            name=meta.name,
            severity=meta.severity,
            kinds=meta.kinds,
            frameworks=meta.frameworks,
            tags=meta.tags,
            doc_source=check.docstring,
        )
        rules.append(Rule(meta, check, f"{module}:{function}", pack=name))
    return data, tuple(rules)


def write(package: str) -> Path:
    """(Re)generate an installed pack's index by importing its modules; returns its path."""
    from iacgate.rules import packs

    directory = packs.package_dir(package)
    manifest = packs.parse_manifest((directory / "pack.toml").read_text("utf-8"), package)
    pack = packs.load_package(package, use_index=False)
    target = directory / INDEX_FILE
    target.write_text(render(pack.name, manifest, list(pack.rules)), "utf-8")
    return target
