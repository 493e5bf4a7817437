"""Secret values found by the secret rules never reach any output format."""

from __future__ import annotations

import pytest

from ..conftest import FIXTURES, run_cli

SECRETS = (
    "s3cr3t-example",
    "example-pass",
    "BEGIN RSA PRIVATE KEY",
    "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu",
    "AKIAIOSFODNN7EXAMPLE",
    "hunter2",
    "c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==",  # encryption keys (K8S-084)
    "YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=",
    "example-etcd-pass",  # a password in an etcd URL (K8S-052)
)
FILES = sorted(
    str(p)
    for code in ("K8S-013", "K8S-040", "K8S-052", "K8S-084")
    for p in (FIXTURES / "rules" / "k8s_core" / code / "kubernetes").glob("fail_*")
)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_secret_values_are_never_printed(fmt: str) -> None:
    done = run_cli("scan", *FILES, "--format", fmt, "--fail-on", "none")
    assert done.returncode == 0, done.stderr
    assert "K8S-040" in done.stdout and "K8S-013" in done.stdout
    for value in SECRETS:
        assert value not in done.stdout
        assert value not in done.stderr
