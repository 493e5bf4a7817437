"""Start-up stays lean: heavy libraries load only when a command needs them."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

HEAVY = ("boto3", "botocore", "kubernetes", "cfnlint", "git", "jsonschema", "networkx")


def _loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_import_iacgate_loads_nothing_heavy() -> None:
    loaded = _loaded_after("import iacgate")
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}


def test_cli_version_loads_nothing_heavy() -> None:
    loaded = _loaded_after(
        "import sys\nfrom iacgate.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['--version'])"
    )
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}


def test_kubernetes_scan_loads_no_cloud_libraries() -> None:
    loaded = _loaded_after(
        "import contextlib, io\nfrom iacgate.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['scan', 'docs/examples'])"
    )
    # networkx too: the graph builds its networkx view only for algorithms that need it.
    cloud = {"boto3", "botocore", "kubernetes", "cfnlint", "git", "jsonschema", "networkx"}
    assert not {m for m in loaded if m.split(".")[0] in cloud}


def _scan_loads(target: str) -> set[str]:
    return _loaded_after(
        "import contextlib, io\nfrom iacgate.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['scan', '--fail-on', 'none', {target!r}])"
    )


# Readers a one-file scan must not pay for when the file is not theirs: each costs 10-300 ms
# of a pre-commit hook's start-up (docs/performance.md).
TERRAFORM = "iacgate.sources.terraform.reader"
CFN_READER = "iacgate.sources.cloudformation.template"
SAM = "samtranslator"


def test_a_manifest_scan_loads_no_other_reader() -> None:
    loaded = _scan_loads("docs/examples/kubernetes/insecure/web.yaml")
    assert not {TERRAFORM, CFN_READER, SAM} & loaded
    assert "csv" not in loaded and "importlib.resources" not in loaded


def test_a_terraform_scan_loads_no_cloudformation_reader() -> None:
    loaded = _scan_loads("tests/fixtures/terraform/aws_all/s3.tf")
    assert TERRAFORM in loaded
    assert not {CFN_READER, SAM} & loaded


def test_a_scan_loads_the_declarations_and_rules_of_the_kinds_it_meets_only(
    tmp_path: Path,
) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n')
    loaded = _scan_loads(str(tmp_path / "main.tf"))
    declarations = {m for m in loaded if m.startswith("iacgate.model.aws.kinds.")}
    assert declarations == {"iacgate.model.aws.kinds.s3"}
    rule_modules = {m for m in loaded if m.startswith("policy_packs.") and m.count(".") == 2}
    assert "policy_packs.aws_core.s3" in rule_modules
    assert not {m for m in rule_modules if m.startswith("policy_packs.k8s_core.")}
    assert "policy_packs.aws_core.redshift" not in rule_modules


def test_a_plain_template_scan_loads_no_sam_translator_and_no_terraform() -> None:
    loaded = _scan_loads("tests/fixtures/cloudformation/aws_all/template.yaml")
    assert CFN_READER in loaded
    assert not {TERRAFORM, SAM, "cfnlint"} & loaded


# -- the direction of imports (DESIGN.md section 4) ------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "iacgate"


def _imports(path: Path) -> list[tuple[str, tuple[str, ...], int]]:
    """(module, imported names, line) of every ``iacgate`` import in a file, wherever it is
    written (module level, inside functions, under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    found: list[tuple[str, tuple[str, ...], int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, (), node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = tuple(alias.name for alias in node.names)
            if node.module == "iacgate":  # ``from iacgate import cli`` imports iacgate.cli
                found.extend(
                    ("iacgate", (name,), node.lineno)
                    if name.startswith("__")  # __version__
                    else (f"iacgate.{name}", (), node.lineno)
                    for name in names
                )
            else:
                found.append((node.module, names, node.lineno))
    return [item for item in found if item[0].split(".")[0] == "iacgate"]


def _package(module: str) -> str:
    """``iacgate.sources.terraform.hcl`` -> ``sources``; ``iacgate.cli`` -> ``cli``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _violations(folder: Path, allowed: Callable[[str, tuple[str, ...]], bool]) -> list[str]:
    out = []
    for path in sorted(folder.rglob("*.py")):
        for module, names, line in _imports(path):
            if not allowed(module, names):
                out.append(f"{path.relative_to(ROOT)}:{line}: {module} {list(names)}")
    return out


# What the issue of this rule names: sources and live collectors read, nothing more.
NOT_FOR_READERS = frozenset(
    {"normalize", "graph", "engine", "gate", "api", "driftcheck", "reporters", "cli", "pipeline"}
)


# Leaf modules every layer may use: they import no other part of iacgate (checked below).
# The scan's deadline, which readers honour; the one exception hierarchy, which they raise.
SHARED_LEAVES = frozenset({"budget", "errors", "usercache"})


def test_sources_and_live_collectors_know_only_the_model() -> None:
    """``sources/`` and ``live/`` hand out records; normalizing, graphs, rules, gates, drift
    and reports are downstream of them (only the package's own ``__version__`` and its shared
    leaves besides)."""
    for folder in ("sources", "live"):

        def allowed(module: str, names: tuple[str, ...], own: str = folder) -> bool:
            package = _package(module)
            if package == "":
                return set(names) <= {"__version__"}
            if package in SHARED_LEAVES:
                return True
            return package in ("model", own) and package not in NOT_FOR_READERS

        assert _violations(PACKAGE / folder, allowed) == []


def test_the_shared_leaves_import_nothing_of_iacgate() -> None:
    for leaf in sorted(SHARED_LEAVES):
        assert _imports(PACKAGE / f"{leaf}.py") == []


def test_normalizers_know_only_records_and_the_model() -> None:
    records = {
        "iacgate.sources.terraform.records",
        "iacgate.sources.cloudformation.records",
        "iacgate.sources.kubernetes.records",
        "iacgate.live.aws.records",
    }

    def allowed(module: str, names: tuple[str, ...]) -> bool:
        return _package(module) in ("model", "normalize") or module in records

    assert _violations(PACKAGE / "normalize", allowed) == []


def test_the_model_imports_nothing_but_itself() -> None:
    assert _violations(PACKAGE / "model", lambda module, _: _package(module) == "model") == []


# The rule-author API (``iacgate.rules``, docs/writing-rules.md) and the model's vocabulary:
# what kinds, names and identities mean. The modules behind them (``iacgate.rules.context``,
# ``iacgate.model.resource``, ``iacgate.graph``, ...) may change under a pack without notice.
RULE_API = frozenset(
    {
        "iacgate.rules",
        "iacgate.model",
        "iacgate.model.aws",
        "iacgate.model.aws.acl",
        "iacgate.model.k8s",
        "iacgate.model.network",
        "iacgate.model.risk",
        "iacgate.model.sensitive",
    }
)


def _rule_api(module: str, names: tuple[str, ...]) -> bool:
    return module in RULE_API


def test_packs_import_only_the_rule_api_and_the_model() -> None:
    packs = [ROOT / "policy_packs", ROOT / "tests" / "fixtures"]
    assert [v for folder in packs for v in _violations(folder, _rule_api)] == []


def test_the_rule_api_check_refuses_internal_modules(tmp_path: Path) -> None:
    probe = tmp_path / "rules.py"
    probe.write_text(
        "from iacgate.rules import Context, Resource\n"
        "from iacgate.model import k8s\n"
        "from iacgate.model.resource import Resource as R\n"
        "from iacgate.graph.graph import EdgeType\n"
        "from iacgate.rules.context import Context as C\n"
    )
    refused = [module for module, names, _ in _imports(probe) if not _rule_api(module, names)]
    assert refused == ["iacgate.model.resource", "iacgate.graph.graph", "iacgate.rules.context"]


def test_the_rule_api_exports_what_it_lists() -> None:
    """Every name ``iacgate.rules`` offers is in its ``__all__`` (and so in the docs' list),
    and every listed name is there."""
    import types

    import iacgate.rules as api

    offered = {
        name
        for name, value in vars(api).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and name != "annotations"
    }
    assert offered == set(api.__all__)


def test_nothing_but_the_entry_points_imports_the_cli() -> None:
    """``python -m iacgate``, the ``iacgate`` command (``startup.py``) and the GitHub Action run
    the CLI; rules and everything else are
    below it (``rules/docs.py`` once reached up for it: an import cycle)."""
    entry_points = {
        PACKAGE / "__main__.py",
        PACKAGE / "action.py",
        PACKAGE / "cli.py",
        PACKAGE / "startup.py",
    }
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for folder in (PACKAGE, ROOT / "policy_packs")
        for path in sorted(folder.rglob("*.py"))
        if path not in entry_points
        for module, _, line in _imports(path)
        if module == "iacgate.cli"
    ]
    assert found == []


def test_the_cli_option_sets_belong_to_the_cli_alone() -> None:
    """``cli_options.py`` is the CLI's own (click options and their conversion): the library
    below takes dataclasses, never click parameters."""
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for folder in (PACKAGE, ROOT / "policy_packs")
        for path in sorted(folder.rglob("*.py"))
        if path != PACKAGE / "cli.py"
        for module, _, line in _imports(path)
        if module == "iacgate.cli_options"
    ]
    assert found == []
    assert "iacgate.cli_options" in {m for m, _, _ in _imports(PACKAGE / "cli.py")}


def test_the_checks_above_see_what_they_look_for(tmp_path: Path) -> None:
    """The parser finds imports anywhere in a file, ``from iacgate import x`` included."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from iacgate.model import aws\n"
        "def f():\n    from iacgate import cli\n"
        "if True:\n    import iacgate.normalize.terraform\n"
    )
    assert [m for m, _, _ in _imports(probe)] == [
        "iacgate.model",
        "iacgate.cli",
        "iacgate.normalize.terraform",
    ]
