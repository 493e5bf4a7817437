"""A Terraform module as written: the files of one directory, merged into its declarations.

Terraform treats a directory as one module: every ``.tf`` and ``.tf.json`` file in it is part of
the same namespace. Files that fail to parse give a diagnostic and are left out; the rest of the
module is still read. Override files (``*_override.tf``) are merged over the blocks they name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from iacgate.model.locations import Location
from iacgate.sources.diagnostics import Diagnostic, DiagnosticKind, SourceError

# Where they have long been imported from.
from iacgate.sources.terraform import VARS_SUFFIXES as VARS_SUFFIXES
from iacgate.sources.terraform import is_config_file as is_config_file
from iacgate.sources.terraform import is_vars_file as is_vars_file
from iacgate.sources.terraform.syntax import Attribute, Block, Body, Span
from iacgate.sources.textfile import DEFAULT_MAX_BYTES, read_text


@dataclass(frozen=True, slots=True)
class Declared:
    """One block of the module and the file (display path) it was written in."""

    block: Block
    file: str

    def location(self, span: Span | None = None) -> Location:
        line, column, end_line, end_column = span or self.block.span
        return Location(self.file, line, end_line, column, end_column)


@dataclass(slots=True)
class ModuleConfig:
    directory: Path
    display: str  # the directory relative to the scan root ("." for the root itself)
    files: list[str] = field(default_factory=list)
    variables: dict[str, Declared] = field(default_factory=dict)
    locals: dict[str, tuple[Attribute, str]] = field(default_factory=dict)
    outputs: dict[str, Declared] = field(default_factory=dict)
    resources: dict[str, Declared] = field(default_factory=dict)  # "type.name" / "data.type.name"
    modules: dict[str, Declared] = field(default_factory=dict)
    # The judged provider configurations written here, "aws" and "aws.<alias>" (see
    # JUDGED_PROVIDERS): rules judge their credentials, data sources read their region.
    providers: dict[str, Declared] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    uses_path: bool = False  # mentions path.* (its values then depend on the root)


@dataclass(frozen=True, slots=True)
class ParsedFile:
    display: str
    body: Body | None
    text: str
    diagnostic: Diagnostic | None = None


def parse_file(path: Path, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedFile:
    """Read and parse one ``.tf``, ``.tf.json``, ``.tfvars`` or ``.tfvars.json`` file (a
    regular file: a FIFO or ``/dev/zero`` is refused by the bounded reader)."""
    read = read_text(path, max_bytes)
    if read.skipped is not None:
        return ParsedFile(
            display, None, "", Diagnostic(DiagnosticKind.NOT_SCANNED, display, read.skipped)
        )
    if read.error is not None or read.text is None:
        message = read.error or "unreadable"
        return ParsedFile(
            display, None, "", Diagnostic(DiagnosticKind.PARSE_ERROR, display, message)
        )
    return parse_text(read.text, display)


def parse_text(text: str, display: str) -> ParsedFile:
    from iacgate.sources.terraform.parse_cache import active

    cache = active()
    # A JSON file's errors and vars-file reading depend on its name; HCL's on the text alone.
    options = f"json:{display}" if display.endswith(".json") else "hcl"
    name = cache.digest(text, options) if cache is not None else ""
    cached = cache.get(name) if cache is not None else None
    if cached is not None:
        return ParsedFile(display, cached, text)
    try:
        if display.endswith(".json"):
            from iacgate.sources.terraform import tfjson

            body = tfjson.parse(text, display, vars_file=display.endswith(".tfvars.json"))
        else:
            from iacgate.sources.terraform import hcl

            body = hcl.parse(text)
    except SourceError as exc:
        diagnostic = Diagnostic(
            DiagnosticKind.PARSE_ERROR, display, exc.message, exc.line, exc.column
        )
        return ParsedFile(display, None, text, diagnostic)
    if cache is not None:
        cache.put(name, body)
    return ParsedFile(display, body, text)


def _key(block: Block) -> str | None:
    labels = block.labels
    if block.type == "resource" and len(labels) == 2:
        return f"{labels[0]}.{labels[1]}"
    if block.type == "data" and len(labels) == 2:
        return f"data.{labels[0]}.{labels[1]}"
    if block.type in ("variable", "output", "module") and len(labels) == 1:
        return labels[0]
    return None


def _merge_override(base: Block, override: Block) -> Block:
    attributes = dict(base.body.attributes)
    attributes.update(override.body.attributes)
    override_types = {b.type for b in override.body.blocks}
    blocks = tuple(b for b in base.body.blocks if b.type not in override_types)
    return Block(
        base.type,
        base.labels,
        Body(attributes, blocks + override.body.blocks),
        base.span,
        max(base.depth, override.depth),
    )


def build_module(directory: Path, display: str, files: list[ParsedFile]) -> ModuleConfig:
    """Merge parsed files (in name order, override files last) into one module."""
    module = ModuleConfig(directory, display)
    ordered = sorted(files, key=lambda f: (_is_override(f.display), f.display))
    for parsed in ordered:
        module.files.append(parsed.display)
        if parsed.diagnostic is not None:
            module.diagnostics.append(parsed.diagnostic)
        if parsed.body is None:
            continue
        if "path." in parsed.text or parsed.display.endswith(".json"):
            module.uses_path = True
        override = _is_override(parsed.display)
        for block in parsed.body.blocks:
            _declare(module, block, parsed.display, override)
        for name, attribute in parsed.body.attributes.items():
            module.diagnostics.append(
                Diagnostic(
                    DiagnosticKind.PARSE_ERROR,
                    parsed.display,
                    f"unexpected attribute {name!r} at the top level of a module",
                    attribute.span[0],
                )
            )
    return module


def _is_override(display: str) -> bool:
    name = display.rsplit("/", 1)[-1]
    stem = name.removesuffix(".json").removesuffix(".tf")
    return stem == "override" or stem.endswith("_override")


# Providers whose configuration blocks become records (type ``provider.<name>``): rules judge
# what such a block writes (credentials) as they judge a resource. Other providers' blocks
# configure nothing the rules read.
JUDGED_PROVIDERS = frozenset({"aws"})


def _declare_provider(module: ModuleConfig, block: Block, file: str, override: bool) -> None:
    """Keep a provider configuration under its name, and its alias when it has a literal one
    (Terraform requires it literal). The first of two with one name is kept: Terraform rejects
    the module, and data sources then read nothing from either."""
    from iacgate.sources.terraform.syntax import Literal, unwrap

    if len(block.labels) != 1 or block.labels[0] not in JUDGED_PROVIDERS:
        return
    key = block.labels[0]
    alias = block.body.attributes.get("alias")
    if alias is not None:
        expr = unwrap(alias.expr)
        if not isinstance(expr, Literal) or not isinstance(expr.value, str):
            return
        key = f"{key}.{expr.value}"
    if key in module.providers:
        if override:
            previous = module.providers[key]
            module.providers[key] = Declared(_merge_override(previous.block, block), previous.file)
        return
    if not override:
        module.providers[key] = Declared(block, file)


def _declare(module: ModuleConfig, block: Block, file: str, override: bool) -> None:
    if block.type == "provider":
        _declare_provider(module, block, file, override)
        return
    if block.type == "locals":
        for name, attribute in block.body.attributes.items():
            if name in module.locals and not override:
                first = module.locals[name][0].span[0]
                module.diagnostics.append(
                    Diagnostic(
                        DiagnosticKind.PARSE_ERROR,
                        file,
                        f"local.{name} is declared twice (first on line {first})",
                        attribute.span[0],
                    )
                )
                continue
            module.locals[name] = (attribute, file)
        return
    key = _key(block)
    table: dict[str, Declared] | None = {
        "resource": module.resources,
        "data": module.resources,
        "variable": module.variables,
        "output": module.outputs,
        "module": module.modules,
    }.get(block.type)
    if table is None or key is None:
        return  # terraform, provider, moved, import, check, removed: nothing to evaluate
    if key in table:
        if override:
            previous = table[key]
            table[key] = Declared(_merge_override(previous.block, block), previous.file)
            return
        earlier = table[key]
        module.diagnostics.append(
            Diagnostic(
                DiagnosticKind.PARSE_ERROR,
                file,
                f"{block.type} {key!r} is declared twice (first in {earlier.file} line "
                f"{earlier.block.span[0]})",
                block.span[0],
            )
        )
        return
    if not override:
        table[key] = Declared(block, file)


def source_of(declared: Declared) -> str | None:
    """The literal ``source`` of a module block, or None when it is missing or not literal."""
    from iacgate.sources.terraform.syntax import Literal

    attribute = declared.block.body.attributes.get("source")
    if attribute is None or not isinstance(attribute.expr, Literal):
        return None
    value = attribute.expr.value
    return value if isinstance(value, str) else None


def is_local_source(source: str) -> bool:
    return source in (".", "..") or source.startswith(("./", "../", ".\\", "..\\"))
