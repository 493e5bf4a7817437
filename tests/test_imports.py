"""Start-up stays lean: heavy libraries load only when a command needs them."""

from __future__ import annotations

import json
import subprocess
import sys

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


def test_a_plain_template_scan_loads_no_sam_translator_and_no_terraform() -> None:
    loaded = _scan_loads("tests/fixtures/cloudformation/aws_all/template.yaml")
    assert CFN_READER in loaded
    assert not {TERRAFORM, SAM, "cfnlint"} & loaded
