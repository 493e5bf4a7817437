"""Remote state: ``s3://`` names, the ``backend "s3"`` block read statically, and the object
read from a real moto server -- versioned, KMS-encrypted, bounded, in the bucket's region, with
GetObject alone (a botocore hook records every call)."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from iacgate.driftcheck.aws_declared import RemoteInputs, read_declared_aws
from iacgate.driftcheck.remote_state import (
    STATE_CALLS,
    RemoteStateError,
    StateObject,
    backend,
    fetch,
    parse_uri,
    read_stream,
)
from iacgate.live.aws.session import Target
from tests.conftest import FIXTURES
from tests.live.aws.motoserver import client, moto_server, session

STATE = FIXTURES / "terraform" / "live_aws" / "state.json"
BUCKET = "states"
REGION = "eu-west-1"


# -- names ---------------------------------------------------------------------------------


def test_s3_uris() -> None:
    state = parse_uri("s3://b/team/prod/terraform.tfstate")
    assert (state.bucket, state.key, state.version) == ("b", "team/prod/terraform.tfstate", None)
    assert state.display == "s3://b/team/prod/terraform.tfstate"
    assert parse_uri("s3://b/k?versionId=v1").version == "v1"
    assert parse_uri("s3://b/k", version="v2").version == "v2"
    assert parse_uri("s3://b/k?versionId=v1").display == "s3://b/k?versionId=v1"
    for bad in ("s3://b", "s3:///k", "s3://b/k?acl", "s3://b/k#x", "https://b/k"):
        with pytest.raises(RemoteStateError):
            parse_uri(bad)
    with pytest.raises(RemoteStateError, match="names version"):
        parse_uri("s3://b/k?versionId=v1", version="v2")


def _config(directory: Path, text: str, name: str = "backend.tf") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")
    return directory


BACKEND = """
terraform {
  required_version = ">= 1.5"
  backend "s3" {
    bucket         = "acme-states"
    key            = "network/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "locks"
    endpoints      = { s3 = "https://attacker.example" }
    profile        = "someone-else"
    role_arn       = "arn:aws:iam::111111111111:role/other"
  }
}
"""


def test_the_backend_block_names_the_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TF_WORKSPACE", raising=False)
    directory = _config(tmp_path / "net", BACKEND)
    _config(directory, 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n', "main.tf")
    state = backend(directory)
    assert state == StateObject(
        "acme-states", "network/terraform.tfstate", None, "eu-west-1", directory
    )
    # Endpoints, profiles and roles of the block are not part of what is read.
    assert "attacker" not in repr(state) and "someone-else" not in repr(state)
    monkeypatch.setenv("TF_WORKSPACE", "staging")
    assert backend(directory).key == "env:/staging/network/terraform.tfstate"  # type: ignore[union-attr]
    prefixed = _config(
        tmp_path / "ws",
        BACKEND.replace('region         = "eu-west-1"', 'workspace_key_prefix = "workspaces"'),
    )
    assert backend(prefixed).key == "workspaces/staging/network/terraform.tfstate"  # type: ignore[union-attr]


def test_directories_without_an_s3_backend_and_bad_blocks(tmp_path: Path) -> None:
    assert backend(_config(tmp_path / "none", 'resource "aws_s3_bucket" "b" {}\n')) is None
    local = _config(tmp_path / "local", 'terraform {\n  backend "local" {}\n}\n')
    assert backend(local) is None
    partial = _config(tmp_path / "partial", 'terraform {\n  backend "s3" {}\n}\n')
    with pytest.raises(RemoteStateError, match="no bucket or key"):
        backend(partial)
    expression = _config(
        tmp_path / "expr",
        'terraform {\n  backend "s3" {\n    bucket = "b"\n    key = "${var.env}/s"\n  }\n}\n',
    )
    with pytest.raises(RemoteStateError, match=r"backend.tf:4: backend key is not a plain"):
        backend(expression)
    twice = _config(
        tmp_path / "twice", 'terraform {\n  backend "s3" {\n bucket="b"\n key="k"\n}\n}\n'
    )
    _config(twice, 'terraform {\n  backend "s3" {\n bucket="c"\n key="k"\n}\n}\n', "other.tf")
    with pytest.raises(RemoteStateError, match="several backend blocks"):
        backend(twice)
    as_json = _config(
        tmp_path / "json",
        json.dumps({"terraform": {"backend": {"s3": {"bucket": "j", "key": "k.tfstate"}}}}),
        "backend.tf.json",
    )
    assert backend(as_json) == StateObject("j", "k.tfstate", None, None, as_json)


def test_standard_input_is_bounded() -> None:
    assert read_stream(io.BytesIO(b'{"a": 1}')).text == '{"a": 1}'
    over = read_stream(io.BytesIO(b"x" * 101), max_bytes=100)
    assert over.text is None and "over the 100 byte limit" in str(over.skipped)


# -- reading from moto -----------------------------------------------------------------------


class Calls:
    def __init__(self) -> None:
        self.made: list[tuple[str, str, str]] = []
        self.lock = threading.Lock()

    def __call__(self, model: Any, context: Any, **_: Any) -> None:
        region = context.get("client_region") if isinstance(context, dict) else None
        with self.lock:
            self.made.append((model.service_model.service_name, model.name, str(region)))


@pytest.fixture(scope="module")
def bucket() -> Iterator[dict[str, Any]]:
    with moto_server(managed_policies=False) as endpoint:
        kms = client(endpoint, "kms", REGION)
        key = kms.create_key(Description="states")["KeyMetadata"]["Arn"]
        s3 = client(endpoint, "s3", REGION)
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
        text = STATE.read_text(encoding="utf-8")
        first = s3.put_object(
            Bucket=BUCKET,
            Key="live/terraform.tfstate",
            Body=text.encode(),
            ServerSideEncryption="aws:kms",
            SSEKMSKeyId=key,
        )["VersionId"]
        second = s3.put_object(Bucket=BUCKET, Key="live/terraform.tfstate", Body=b'{"version": 4}')[
            "VersionId"
        ]
        s3.put_object(Bucket=BUCKET, Key="big.tfstate", Body=b" " * 2048)
        s3.put_object(Bucket=BUCKET, Key="valid/terraform.tfstate", Body=text.encode())
        yield {"endpoint": endpoint, "first": first, "second": second, "text": text}


def test_the_object_is_read_with_get_object_alone(bucket: dict[str, Any]) -> None:
    boto = session()
    calls = Calls()
    boto.events.register("before-call", calls)
    target = Target(endpoint_url=bucket["endpoint"])
    state = StateObject(BUCKET, "live/terraform.tfstate", bucket["first"], REGION)
    read = fetch(state, target, boto)
    assert read.text == bucket["text"]  # KMS-encrypted, an older version
    latest = fetch(StateObject(BUCKET, "live/terraform.tfstate", None, REGION), target, boto)
    assert latest.text == '{"version": 4}'
    # One GetObject each, in the backend's region; nothing else (no lock, no listing).
    assert calls.made == [("s3", "GetObject", REGION)] * 2
    assert {f"{c.service}:{c.operation}" for c in STATE_CALLS} == {"s3:GetObject"}


def test_size_limit_and_missing_objects(bucket: dict[str, Any]) -> None:
    target = Target(endpoint_url=bucket["endpoint"])
    big = fetch(StateObject(BUCKET, "big.tfstate", None, REGION), target, session(), max_bytes=1024)
    assert big.text is None and "2048 bytes, over the 1024 limit" in str(big.skipped)
    with pytest.raises(RemoteStateError, match="NoSuchKey") as missing:
        fetch(StateObject(BUCKET, "nope.tfstate", None, REGION), target, session())
    assert missing.value.missing
    with pytest.raises(RemoteStateError, match=r"s3://states/live/terraform\.tfstate") as bad:
        fetch(StateObject(BUCKET, "live/terraform.tfstate", "v0", REGION), target, session())
    assert "GetObject" in str(bad.value)


def test_declared_side_from_s3_and_expansions(bucket: dict[str, Any], tmp_path: Path) -> None:
    """The state read through the drift reader: resources scoped by the object's name; a state
    expanded for an account that does not exist is a warning, not an error."""
    target = Target(endpoint_url=bucket["endpoint"], regions=(REGION,))
    uri = f"s3://{BUCKET}/live/terraform.tfstate"
    old = f"{uri}?versionId={bucket['first']}"
    remote = RemoteInputs(
        target=target,
        session=session(),
        accounts={old: "123456789012", f"s3://{BUCKET}/none/terraform.tfstate": "210987654321"},
    )
    declared = read_declared_aws(
        [old, f"s3://{BUCKET}/none/terraform.tfstate"], tmp_path, remote=remote
    )
    assert declared.errors == ()
    assert {r.scope for r in declared.graph.resources()} == {old}
    assert declared.accounts == {old: "123456789012"}
    [warning] = declared.warnings
    assert "NoSuchKey" in warning and "account 210987654321" in warning

    # The same missing object, named on its own, stops the run.
    missing = read_declared_aws(
        [f"s3://{BUCKET}/none/terraform.tfstate"], tmp_path, remote=RemoteInputs(target, session())
    )
    [error] = missing.errors
    assert error.message.endswith("The specified key does not exist.")
    # --state-version names one version of one state.
    two = read_declared_aws(
        [uri, uri.replace("live", "other")],
        tmp_path,
        remote=RemoteInputs(target, session(), version="v1"),
    )
    assert any("--state-version" in e.file for e in two.errors)


def test_standard_input_declares_like_a_file(tmp_path: Path) -> None:
    data = STATE.read_bytes()
    declared = read_declared_aws(["-"], tmp_path, remote=RemoteInputs(stdin=io.BytesIO(data)))
    from_file = read_declared_aws([str(STATE)], tmp_path)
    assert declared.errors == () and from_file.errors == ()
    assert {r.address for r in declared.graph.resources()} == {
        r.address for r in from_file.graph.resources()
    }
    assert {r.scope for r in declared.graph.resources()} == {"<stdin>"}
    garbage = read_declared_aws(["-"], tmp_path, remote=RemoteInputs(stdin=io.BytesIO(b"{}")))
    assert "not a Terraform plan or state" in garbage.errors[0].message


def test_the_backend_names_the_object_never_where_to_send_requests(
    bucket: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backend block pointing at another host, profile and role: the state is read from the
    command's own endpoint with its own credentials (a closed port would refuse the request)."""
    monkeypatch.delenv("TF_WORKSPACE", raising=False)
    directory = _config(
        tmp_path / "infra",
        f"""
terraform {{
  backend "s3" {{
    bucket    = "{BUCKET}"
    key       = "valid/terraform.tfstate"
    region    = "{REGION}"
    endpoints = {{ s3 = "http://127.0.0.1:9" }}
    profile   = "attacker"
    role_arn  = "arn:aws:iam::999999999999:role/elsewhere"
  }}
}}
""",
    )
    boto = session()
    calls = Calls()
    boto.events.register("before-call", calls)
    remote = RemoteInputs(Target(endpoint_url=bucket["endpoint"]), boto)
    declared = read_declared_aws([str(directory)], tmp_path, remote=remote)
    assert declared.errors == ()
    assert {r.scope for r in declared.graph.resources()} == {
        f"s3://{BUCKET}/valid/terraform.tfstate"
    }
    assert calls.made == [("s3", "GetObject", REGION)]
