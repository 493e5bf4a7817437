"""Policy packs: a directory with a ``pack.toml`` manifest and the rule modules it lists.

Loading is explicit: bundled packs are named in ``BUNDLED_PACKS``; other packs load only from
an installed package name or a directory path the user names. Nothing is discovered in the
scanned tree, so a pull request cannot run its own Python in the gate.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType

from iacgate.errors import PackError as PackError  # its old home
from iacgate.rules.dsl import Rule

BUNDLED_PACKS: tuple[str, ...] = ("policy_packs.k8s_core", "policy_packs.aws_core")


@dataclass(frozen=True, slots=True)
class Pack:
    name: str
    version: str
    description: str
    origin: str  # the package name or directory it was loaded from
    rules: tuple[Rule, ...]


def parse_manifest(text: str, origin: str) -> dict[str, object]:
    import tomllib  # only for packs without an index

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{origin}: pack.toml is not valid TOML: {exc}") from None
    for field in ("name", "modules"):
        if field not in data:
            raise PackError(f"{origin}: pack.toml lacks {field!r}")
    modules = data["modules"]
    if not isinstance(modules, list) or not all(isinstance(m, str) for m in modules):
        raise PackError(f"{origin}: pack.toml 'modules' must be a list of module names")
    return data


def _collect(module: ModuleType) -> list[Rule]:
    """The Rule objects a module defines, in definition order."""
    found: dict[int, Rule] = {}
    for value in vars(module).values():
        if isinstance(value, Rule) and value.origin.startswith(module.__name__ + ":"):
            found.setdefault(id(value), value)
    return list(found.values())


def _finish(data: dict[str, object], origin: str, modules: Iterable[ModuleType]) -> Pack:
    name = str(data["name"])
    rules: list[Rule] = []
    for module in modules:
        rules.extend(replace(r, pack=name) for r in _collect(module))
    return Pack(
        name=name,
        version=str(data.get("version", "0")),
        description=str(data.get("description", "")),
        origin=origin,
        rules=tuple(rules),
    )


def package_dir(package: str) -> Path:
    """Where an installed package's files are (importlib.resources says the same, but importing
    it costs ~8 ms of every run's start-up)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"no package named {package!r}")
    return Path(next(iter(spec.submodule_search_locations)))


def load_package(package: str, *, use_index: bool = True) -> Pack:
    """Load an installed pack by its importable package name (``policy_packs.k8s_core``).

    From its ``index.json`` when it has one (``rules/index.py``: the rule modules are imported
    when their rules are first used), else by importing every module its manifest lists."""
    try:
        directory = package_dir(package)
        if use_index and (directory / "index.json").is_file():
            return _from_index(package, (directory / "index.json").read_text("utf-8"))
        manifest = (directory / "pack.toml").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise PackError(f"{package}: not an installed policy pack ({exc})") from None
    data = parse_manifest(manifest, package)
    modules = []
    for name in data["modules"]:  # type: ignore[attr-defined]  # parse_manifest checked: list[str]
        try:
            modules.append(importlib.import_module(f"{package}.{name}"))
        except Exception as exc:
            raise PackError(f"{package}: cannot import rule module {name!r}: {exc}") from exc
    return _finish(data, package, modules)


def _from_index(package: str, text: str) -> Pack:
    from iacgate.rules import index

    try:
        data, rules = index.load(text, f"{package}/index.json")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PackError(f"{package}: index.json is not a valid rule index: {exc}") from None
    return Pack(
        name=str(data["name"]),
        version=str(data["version"]),
        description=str(data["description"]),
        origin=package,
        rules=rules,
    )


def load_directory(directory: Path) -> Pack:
    """Load a pack from a directory the user named explicitly (never from the scanned tree)."""
    manifest = directory / "pack.toml"
    if not manifest.is_file():
        raise PackError(f"{directory}: no pack.toml")
    data = parse_manifest(manifest.read_text("utf-8"), str(directory))
    # A synthetic parent package so the pack's modules can import each other relatively;
    # the pack's own __init__.py is not executed: only the modules the manifest lists run.
    package = f"iacgate_pack_{hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:12]}"
    parent = ModuleType(package)
    parent.__path__ = [str(directory)]
    sys.modules[package] = parent
    modules = []
    for name in data["modules"]:  # type: ignore[attr-defined]  # parse_manifest checked: list[str]
        path = directory / f"{name}.py"
        sub = importlib.util.spec_from_file_location(f"{package}.{name}", path)
        if sub is None or sub.loader is None or not path.is_file():
            raise PackError(f"{directory}: rule module {name!r} not found")
        module = importlib.util.module_from_spec(sub)
        sys.modules[sub.name] = module
        try:
            sub.loader.exec_module(module)
        except Exception as exc:
            raise PackError(f"{directory}: cannot import rule module {name!r}: {exc}") from exc
        modules.append(module)
    return _finish(data, str(directory), modules)


def load_pack(reference: str) -> Pack:
    """A pack from a package name, or from a directory when the reference is written as a path
    (``./mine``, ``packs/mine``, ``/abs/mine``)."""
    # Only a reference written as a path is a directory: a bare name is always an installed
    # package, so a same-named folder in the scanned tree can never stand in for it.
    if "/" in reference or reference.startswith(".") or Path(reference).is_absolute():
        return load_directory(Path(reference))
    return load_package(reference)


def check_unique(rules: Sequence[Rule]) -> None:
    """Refuse two rules with one code or one name, naming both origins."""
    by_code: dict[str, Rule] = {}
    by_name: dict[str, Rule] = {}
    for item in rules:
        first = by_code.setdefault(item.meta.code, item)
        if first is not item:
            raise PackError(
                f"duplicate rule code {item.meta.code}: {first.origin} and {item.origin}"
            )
        first = by_name.setdefault(item.meta.name, item)
        if first is not item:
            raise PackError(
                f"duplicate rule name {item.meta.name}: {first.origin} and {item.origin}"
            )


def load_rules(references: Sequence[str] | None = None) -> list[Rule]:
    """Every rule of the named packs (default: the bundled ones), checked for duplicates."""
    rules: list[Rule] = []
    for reference in references if references is not None else BUNDLED_PACKS:
        rules.extend(load_pack(reference).rules)
    check_unique(rules)
    return rules
