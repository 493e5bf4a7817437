"""Running the real ``terraform`` against a local moto server, for fixtures and tests.

``python -m tests.sources.terraform.tfharness aws_all`` regenerates
``tests/fixtures/terraform/aws_all/{plan.json,state.json,terraform.tfstate}`` from the ``.tf``
files beside them: ``terraform init`` (offline, from the provider mirror), ``plan``, ``show
-json`` of the plan, ``apply``, ``show -json`` of the state. Everything runs on loopback.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "terraform"
FIXED_ENDPOINT = "http://127.0.0.1:4566"  # what the committed JSON says, whatever port ran
_MIRRORS = ("/opt/tf-plugins", "~/.terraform.d/plugins", "/usr/share/terraform/plugins")


@dataclass(frozen=True, slots=True)
class Toolchain:
    terraform: str
    mirror: Path


def toolchain() -> Toolchain | None:
    """The terraform binary and an offline mirror holding hashicorp/aws, or None."""
    binary = shutil.which("terraform")
    if binary is None:
        return None
    candidates = [os.environ.get("IACGATE_TF_PLUGIN_DIR", ""), *_MIRRORS]
    for candidate in candidates:
        if not candidate:
            continue
        root = Path(candidate).expanduser()
        if (root / "registry.terraform.io" / "hashicorp" / "aws").is_dir():
            return Toolchain(binary, root)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def moto_server() -> Iterator[str]:
    """A moto server on a free loopback port; yields its endpoint URL."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("moto server did not start") from None
                time.sleep(0.2)
        yield endpoint
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass(frozen=True, slots=True)
class Run:
    plan: dict  # type: ignore[type-arg]
    state: dict | None  # type: ignore[type-arg]
    raw_state: dict | None  # type: ignore[type-arg]


def _cli_config(directory: Path, mirror: Path) -> Path:
    path = directory / "cli.tfrc"
    path.write_text(
        "provider_installation {\n"
        f'  filesystem_mirror {{\n    path    = "{mirror}"\n'
        '    include = ["registry.terraform.io/hashicorp/*"]\n  }\n'
        '  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n',
        encoding="utf-8",
    )
    return path


def run_terraform(fixture: str, tools: Toolchain, *, apply: bool, timeout: float = 900) -> Run:
    """Plan (and optionally apply) the fixture configuration against a fresh moto server."""
    source = FIXTURES / fixture
    with tempfile.TemporaryDirectory(prefix="iacgate-tf-") as tmp, moto_server() as endpoint:
        work = Path(tmp) / "config"
        work.mkdir()
        for item in source.iterdir():
            if item.suffix in (".tf", ".zip"):
                shutil.copy(item, work / item.name)
        env = dict(
            os.environ,
            TF_CLI_CONFIG_FILE=str(_cli_config(Path(tmp), tools.mirror)),
            TF_IN_AUTOMATION="1",
            TF_DATA_DIR=str(Path(tmp) / "data"),
            CHECKPOINT_DISABLE="1",
            # S3 Control addresses <account>.<endpoint host>, which does not resolve on
            # loopback: send non-loopback hosts through moto itself, which answers them.
            HTTP_PROXY=endpoint,
            NO_PROXY="",
        )

        def tf(*args: str, capture: bool = False) -> str:
            done = subprocess.run(
                [tools.terraform, *args],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
            if done.returncode != 0:
                raise RuntimeError(f"terraform {args[0]} failed:\n{done.stdout}\n{done.stderr}")
            return done.stdout

        variables = ("-var", f"endpoint={endpoint}")
        tf("init", "-input=false", "-no-color", "-backend=false")
        tf("plan", "-input=false", "-no-color", "-out=tfplan", *variables)
        plan = json.loads(tf("show", "-json", "tfplan"))
        state = raw = None
        if apply:
            tf("apply", "-input=false", "-no-color", "-auto-approve", "tfplan")
            state = json.loads(tf("show", "-json"))
            raw = json.loads((work / "terraform.tfstate").read_text(encoding="utf-8"))
        return Run(_fixed(plan, endpoint), _fixed(state, endpoint), _fixed(raw, endpoint))


def _fixed(document: dict | None, endpoint: str) -> dict | None:  # type: ignore[type-arg]
    """The run's endpoint replaced by the fixed one, so committed files do not churn."""
    if document is None:
        return None
    text = json.dumps(document).replace(endpoint, FIXED_ENDPOINT)
    fixed: dict = json.loads(text)  # type: ignore[type-arg]
    fixed.pop("timestamp", None)
    return fixed


def regenerate(fixture: str) -> None:
    tools = toolchain()
    if tools is None:
        raise SystemExit("terraform or the hashicorp/aws provider mirror is not available")
    started = time.monotonic()
    run = run_terraform(fixture, tools, apply=True)
    target = FIXTURES / fixture
    for name, document in (
        ("plan.json", run.plan),
        ("state.json", run.state),
        ("terraform.tfstate", run.raw_state),
    ):
        (target / name).write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
    print(f"regenerated {fixture} in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    for name in sys.argv[1:] or ["aws_all"]:
        regenerate(name)
