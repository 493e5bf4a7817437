"""The redaction policy: what counts as a secret, and what must stay visible."""

from __future__ import annotations

import pytest

from iacgate.model.sensitive import LAST_APPLIED, REDACTED, is_sensitive_path, redact

POD = {
    "spec": {
        "automountServiceAccountToken": False,
        "volumes": [{"name": "db", "secret": {"secretName": "db-credentials"}}],
        "containers": [
            {
                "name": "web",
                "env": [
                    {"name": "DB_PASSWORD", "value": "hunter2"},
                    {"name": "GITHUB_TOKEN", "value": "ghp_x"},
                    {"name": "LOG_LEVEL", "value": "debug"},
                    {
                        "name": "DB_PASSWORD_FROM",
                        "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}},
                    },
                ],
            }
        ],
    },
    "metadata": {"annotations": {LAST_APPLIED: '{"data":{"password":"x"}}', "team": "a"}},
}


def test_redact_hides_credentials_and_keeps_references() -> None:
    out = redact("k8s.core.pod", POD)
    env = out["spec"]["containers"][0]["env"]
    assert [e.get("value") for e in env] == [REDACTED, REDACTED, "debug", None]
    assert env[3]["valueFrom"] == {"secretKeyRef": {"name": "db", "key": "password"}}
    assert out["spec"]["automountServiceAccountToken"] is False
    assert out["spec"]["volumes"][0]["secret"]["secretName"] == "db-credentials"
    assert out["metadata"]["annotations"] == {LAST_APPLIED: REDACTED, "team": "a"}
    assert POD["spec"]["containers"][0]["env"][0]["value"] == "hunter2"  # a copy


def test_secret_data_subtrees() -> None:
    secret = {
        "metadata": {"name": "s"},
        "data": {"k": "dmFsdWU="},
        "stringData": {"k": "v"},
        "type": "Opaque",
    }
    assert redact("k8s.core.secret", secret) == {
        "metadata": {"name": "s"},
        "data": REDACTED,
        "stringData": REDACTED,
        "type": "Opaque",
    }
    assert redact("k8s.core.config_map", {"data": {"k": "v"}}) == {"data": {"k": "v"}}


@pytest.mark.parametrize(
    ("kind", "path", "expected"),
    [
        ("k8s.core.pod", ("spec", "containers", 0, "env", 0, "value"), True),
        ("k8s.core.pod", ("spec", "containers", 0, "env", 2, "value"), False),
        ("k8s.core.pod", ("spec", "containers", 0, "env", 0), False),
        ("k8s.core.pod", ("metadata", "annotations", LAST_APPLIED), True),
        ("k8s.core.pod", ("spec", "nope", 3), False),
    ],
)
def test_sensitive_paths(kind: str, path: tuple[str | int, ...], expected: bool) -> None:
    assert is_sensitive_path(kind, POD, path) is expected


def test_key_names_that_hold_credentials() -> None:
    db = {
        "master_password": "p",
        "MasterUserPassword": "p",
        "secret_string": "s",
        "kms_key_id": "k",
        "secret_arn": "arn",
    }
    out = redact("aws.rds.db_instance", db)
    assert out == {
        "master_password": REDACTED,
        "MasterUserPassword": REDACTED,
        "secret_string": REDACTED,
        "kms_key_id": "k",
        "secret_arn": "arn",
    }
