"""Regenerate the ``terraform-plan`` rule fixtures of the aws_core pack with the real terraform.

Every Terraform rule fixture is a directory, ``tests/fixtures/rules/aws_core/<CODE>/terraform/
<name>/main.tf``; this script writes ``plan.json`` beside it: ``terraform show -json`` of its plan,
made with the real terraform against a local moto server and the offline provider mirror
(DESIGN.md section 7). The rule fixture test then scans that directory twice, as HCL and as a
plan whose findings must point at the same ``main.tf`` lines.

Usage::

    python -m tests.rules.regenerate_aws_plans            # fixtures without a plan.json
    python -m tests.rules.regenerate_aws_plans --all      # every fixture
    python -m tests.rules.regenerate_aws_plans AWS-S3-001 # fixtures of some rules

A fixture whose configuration cannot be planned (a variable without a value: the HCL-only way
to say "unknown"), or that says ``# hcl-only: <why>`` (code the provider refuses at plan time,
which a pre-commit scan still meets), is reported and left without a plan. A provider block
pointing at the moto server is added beside ``main.tf`` while terraform runs and is not
committed; the endpoint in the JSON is replaced by a fixed one so that the files do not churn.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from iacgate.model.aws.kinds import KINDS
from tests.sources.terraform.tfharness import FIXED_ENDPOINT, Toolchain, moto_server, toolchain

PACK = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "aws_core"
# The provider's endpoints pointed at moto: every service a declared kind is collected from
# (``model/aws/kinds``), as the provider names it, and the ones the provider calls itself.
_PROVIDER_NAMES = {"logs": "cloudwatchlogs", "cognito-idp": "cognitoidp", "stepfunctions": "sfn"}
SERVICES = sorted(
    {
        _PROVIDER_NAMES.get(call.service, call.service)
        for kind in KINDS
        if kind.collector is not None
        for call in kind.collector.calls
    }
    | {"s3control", "sts"}
)


def _providers(endpoint: str) -> str:
    endpoints = "\n".join(f"    {name:<14} = {json.dumps(endpoint)}" for name in SERVICES)
    return (
        'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n'
        '      version = "5.100.0"\n    }\n  }\n}\n\n'
        'provider "aws" {\n  region                      = "us-east-1"\n'
        '  access_key                  = "testing"\n  secret_key                  = "testing"\n'
        "  skip_credentials_validation = true\n  skip_metadata_api_check     = true\n"
        f"  s3_use_path_style           = true\n\n  endpoints {{\n{endpoints}\n  }}\n}}\n"
    )


def _cli_config(directory: Path, tools: Toolchain) -> Path:
    path = directory / "cli.tfrc"
    cache = directory / "plugin-cache"
    cache.mkdir(exist_ok=True)
    path.write_text(
        "provider_installation {\n"
        f'  filesystem_mirror {{\n    path    = "{tools.mirror}"\n'
        '    include = ["registry.terraform.io/hashicorp/*"]\n  }\n'
        '  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n'
        f'plugin_cache_dir = "{cache}"\n',
        encoding="utf-8",
    )
    return path


class NotPlannable(Exception):
    """The configuration needs input a plan cannot have (a variable without a value)."""


def plan_directories(codes: list[str]) -> list[Path]:
    """Every Terraform fixture directory of the named rules (default: every rule)."""
    return sorted(
        path.parent
        for path in PACK.glob("*/terraform/*/main.tf")
        if not codes or path.parts[-4] in codes
    )


def _warm_plugin_cache(tools: Toolchain, base: Path, endpoint: str) -> None:
    """Install the provider into the shared plugin cache once, before the parallel runs:
    terraform does not lock the cache, and concurrent first installs collide."""
    work = base / "warm"
    work.mkdir()
    (work / "providers.tf").write_text(_providers(endpoint), encoding="utf-8")
    subprocess.run(
        [tools.terraform, "init", "-input=false", "-no-color", "-backend=false"],
        cwd=work,
        env=dict(
            os.environ,
            TF_CLI_CONFIG_FILE=str(base / "cli.tfrc"),
            TF_DATA_DIR=str(work / ".terraform"),
            CHECKPOINT_DISABLE="1",
        ),
        capture_output=True,
        check=True,
        timeout=600,
    )


HCL_ONLY = "# hcl-only:"


def plan_one(directory: Path, tools: Toolchain, endpoint: str, base: Path) -> str:
    text = (directory / "main.tf").read_text(encoding="utf-8")
    if HCL_ONLY in text:
        why = text.split(HCL_ONLY, 1)[1].splitlines()[0].strip()
        raise NotPlannable(why)
    with tempfile.TemporaryDirectory(prefix="tf-", dir=base) as tmp:
        work = Path(tmp)
        shutil.copyfile(directory / "main.tf", work / "main.tf")
        (work / "providers.tf").write_text(_providers(endpoint), encoding="utf-8")
        env = dict(
            os.environ,
            TF_CLI_CONFIG_FILE=str(base / "cli.tfrc"),
            TF_IN_AUTOMATION="1",
            TF_DATA_DIR=str(work / ".terraform"),
            CHECKPOINT_DISABLE="1",
            HTTP_PROXY=endpoint,
            NO_PROXY="",
        )

        def tf(*args: str) -> str:
            done = subprocess.run(
                [tools.terraform, *args],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            if done.returncode != 0 and "No value for required variable" in done.stderr:
                raise NotPlannable("a variable has no value")
            if done.returncode != 0:
                raise RuntimeError(f"terraform {args[0]}:\n{done.stdout}\n{done.stderr}")
            return done.stdout

        tf("init", "-input=false", "-no-color", "-backend=false")
        tf("plan", "-input=false", "-no-color", "-out=tfplan")
        document = json.loads(tf("show", "-json", "tfplan"))
    text = json.dumps(document).replace(endpoint, FIXED_ENDPOINT)
    fixed = json.loads(text)
    fixed.pop("timestamp", None)
    (directory / "plan.json").write_text(json.dumps(fixed, indent=1, sort_keys=True) + "\n")
    return directory.relative_to(PACK).as_posix()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("codes", nargs="*", help="rule codes (default: every rule)")
    parser.add_argument("--all", action="store_true", help="also fixtures that have a plan")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    tools = toolchain()
    if tools is None:
        print("terraform or the hashicorp/aws provider mirror is not available", file=sys.stderr)
        return 2
    todo = [d for d in plan_directories(args.codes) if args.all or not (d / "plan.json").exists()]
    print(f"{len(todo)} plan fixture(s) to generate", flush=True)
    failures = skipped = 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="iacgate-plans-") as tmp, moto_server() as endpoint:
        base = Path(tmp)
        _cli_config(base, tools)
        _warm_plugin_cache(tools, base, endpoint)
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {pool.submit(plan_one, d, tools, endpoint, base): d for d in todo}
            for future, directory in futures.items():
                try:
                    print(f"ok   {future.result()}", flush=True)
                except NotPlannable as exc:
                    skipped += 1
                    print(f"skip {directory.relative_to(PACK)}: {exc} (HCL only)", flush=True)
                except Exception as exc:
                    failures += 1
                    print(f"FAIL {directory.relative_to(PACK)}: {exc}", flush=True)
    elapsed = time.monotonic() - started
    print(f"{len(todo) - failures - skipped} generated, {skipped} HCL only, {failures} failed")
    print(f"in {elapsed:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
