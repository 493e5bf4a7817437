"""The declared side from where Terraform keeps it: an S3 backend, or standard input.

- ``s3://BUCKET/KEY`` (a version with ``?versionId=VERSION`` or ``--state-version``): the state
  object, read with one ``s3:GetObject``.
- A Terraform directory whose ``terraform { backend "s3" { ... } }`` block names the state: the
  block is read statically with the project's HCL parser (Terraform allows no variables in a
  backend block), and its ``bucket``, ``key``, ``region`` and ``workspace_key_prefix`` name the
  object (the workspace is ``$TF_WORKSPACE``, else ``default``). The directory's
  configuration then gives the state's resources their lines.
- ``-``: ``terraform show -json`` (or a raw state) on standard input.

Read-only and never locked: the only call is ``GetObject`` -- no DynamoDB lock table, no
``.tflock`` object, nothing written. The object is read with the command's own AWS session
(``--profile``, ``--endpoint-url``, the environment): endpoints, credentials, profiles and roles
written in the backend block are ignored, so a configuration cannot send the user's signed
requests elsewhere. The bucket's region is the block's, else the configured one; botocore
follows S3's redirect to a bucket's own region. Encrypted objects (SSE-S3, SSE-KMS) read like
any other (SSE-KMS needs ``kms:Decrypt`` on the key); versioned buckets give the latest
version unless one is named. Reads are bounded like ``--plan`` files (256 MiB by default).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs, quote, urlsplit

from iacgate.live.aws.calls import Call
from iacgate.live.aws.session import Clients, Target, configured_region, make_session
from iacgate.live.errors import LiveError
from iacgate.sources.textfile import DEFAULT_MAX_PLAN_BYTES, TextResult, decode_bytes

SCHEME = "s3://"
STDIN = "-"
STDIN_NAME = "<stdin>"
DEFAULT_WORKSPACE = "default"
DEFAULT_WORKSPACE_PREFIX = "env:"  # Terraform's default workspace_key_prefix
# Every call reading a remote state makes. Its IAM actions: s3:GetObject, s3:GetObjectVersion
# for a named version, kms:Decrypt on an SSE-KMS key (docs/examples/nightly-drift.yml).
STATE_CALLS: tuple[Call, ...] = (Call("s3", "GetObject", "s3:GetObject"),)
MISSING_CODES = frozenset({"NoSuchKey", "NoSuchVersion", "NoSuchBucket", "404"})


class RemoteStateError(LiveError):
    """A declared state that cannot be read (a configuration error: drift would be wrong).
    ``missing`` says the object (or its version, or its bucket) does not exist."""

    def __init__(self, message: str, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True, slots=True)
class StateObject:
    """A state object in S3, and the directory whose backend names it (for lines)."""

    bucket: str
    key: str
    version: str | None = None
    region: str | None = None
    config_dir: Path | None = None

    @property
    def display(self) -> str:
        shown = f"{SCHEME}{self.bucket}/{self.key}"
        return f"{shown}?versionId={quote(self.version, safe='')}" if self.version else shown


def is_remote(path: str) -> bool:
    return path.startswith(SCHEME)


def parse_uri(text: str, version: str | None = None) -> StateObject:
    """``s3://BUCKET/KEY[?versionId=VERSION]``; ``version`` names one when the URI does not."""
    parts = urlsplit(text)
    bucket, key = parts.netloc, parts.path.lstrip("/")
    if parts.scheme != "s3" or not bucket or not key or parts.fragment:
        raise RemoteStateError(f"{text}: expected s3://BUCKET/KEY")
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = set(query) - {"versionId"}
    if unknown:
        raise RemoteStateError(f"{text}: unknown parameter(s) {', '.join(sorted(unknown))}")
    named = query.get("versionId", [None])[-1]
    if named and version and named != version:
        raise RemoteStateError(f"{text}: names version {named}, --state-version {version}")
    return StateObject(bucket, key, named or version or None)


# -- the backend block --------------------------------------------------------------------


def _literal(expr: Any) -> str | None:
    """A plain string value (a backend block takes no expressions)."""
    from iacgate.sources.terraform.syntax import Literal, Template

    if isinstance(expr, Literal) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, Template) and all(isinstance(p, str) for p in expr.parts):
        return "".join(str(p) for p in expr.parts)
    return None


_BACKEND_KEYS = ("bucket", "key", "region", "workspace_key_prefix")


def _hcl_backends(path: Path) -> list[tuple[str, dict[str, str | int]]]:
    """``(where, {name: value or line})`` of each ``backend "s3"`` block of an HCL file; a
    value that is no plain string is given as its line (an error for the caller)."""
    from iacgate.sources.terraform.config import parse_file

    parsed = parse_file(path, path.as_posix())
    found: list[tuple[str, dict[str, str | int]]] = []
    if parsed.body is None:
        return found  # the configuration reader reports it
    for block in parsed.body.blocks:
        if block.type != "terraform":
            continue
        for inner in block.body.blocks:
            if inner.type == "backend" and inner.labels == ("s3",):
                values: dict[str, str | int] = {}
                for key in _BACKEND_KEYS:
                    attribute = inner.body.attributes.get(key)
                    if attribute is not None:
                        value = _literal(attribute.expr)
                        values[key] = attribute.span[0] if value is None else value
                found.append((path.name, values))
    return found


def _json_backends(path: Path) -> list[tuple[str, dict[str, str | int]]]:
    """The same for a ``.tf.json`` file (``{"terraform": {"backend": {"s3": {...}}}}``)."""
    import json

    from iacgate.sources.textfile import read_text

    read = read_text(path)
    try:
        data = json.loads(read.text) if read.text is not None else None
    except (ValueError, RecursionError):
        return []  # the configuration reader reports it
    blocks = data.get("terraform") if isinstance(data, dict) else None
    found: list[tuple[str, dict[str, str | int]]] = []
    for block in blocks if isinstance(blocks, list) else [blocks]:
        backends = block.get("backend") if isinstance(block, dict) else None
        for item in backends if isinstance(backends, list) else [backends]:
            s3 = item.get("s3") if isinstance(item, dict) else None
            if isinstance(s3, dict):
                found.append(
                    (
                        path.name,
                        {
                            k: (v if isinstance(v, str) and "${" not in v else 0)
                            for k, v in s3.items()
                            if k in _BACKEND_KEYS
                        },
                    )
                )
    return found


def backend(directory: Path, version: str | None = None) -> StateObject | None:
    """The state object a directory's ``backend "s3"`` block names; None when the directory
    has no S3 backend (it is then read as a configuration)."""
    from iacgate.sources.terraform.config import is_config_file

    try:
        names = sorted(p for p in directory.iterdir() if is_config_file(p.name) and p.is_file())
    except OSError as exc:
        raise RemoteStateError(f"{directory}: cannot list: {exc.strerror or exc}") from None
    found: list[tuple[str, dict[str, str | int]]] = []
    for path in names:
        found.extend(_json_backends(path) if path.name.endswith(".json") else _hcl_backends(path))
    if not found:
        return None
    if len(found) > 1:
        files = ", ".join(name for name, _ in found)
        raise RemoteStateError(f"{directory}: several backend blocks ({files})")
    name, raw = found[0]
    values: dict[str, str] = {}
    for key, value in raw.items():
        if not isinstance(value, str):
            line = f":{value}" if value else ""
            raise RemoteStateError(f"{directory / name}{line}: backend {key} is not a plain string")
        values[key] = value
    missing = [k for k in ("bucket", "key") if not values.get(k)]
    if missing:
        # Partial configuration (-backend-config at init) is not in the files: name the state.
        raise RemoteStateError(
            f"{directory / name}: the s3 backend gives no {' or '.join(missing)} (partial "
            "configuration?); name the state as --declared s3://BUCKET/KEY"
        )
    key = values["key"]
    workspace = os.environ.get("TF_WORKSPACE") or DEFAULT_WORKSPACE
    if workspace != DEFAULT_WORKSPACE:
        prefix = values.get("workspace_key_prefix", DEFAULT_WORKSPACE_PREFIX)
        key = f"{prefix}/{workspace}/{key}"
    return StateObject(values["bucket"], key, version, values.get("region"), directory)


# -- reading ------------------------------------------------------------------------------


def fetch(
    state: StateObject,
    target: Target,
    session: Any = None,
    max_bytes: int = DEFAULT_MAX_PLAN_BYTES,
) -> TextResult:
    """The state object's text: one GetObject, at most ``max_bytes`` read."""
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:
        raise RemoteStateError(
            f"{state.display}: reading a remote state needs boto3: pip install 'iacgate[aws]'"
        ) from None

    session = session if session is not None else make_session(target)
    region = state.region or configured_region(session) or "us-east-1"
    client = Clients(session, target, 1).get("s3", region)
    params: dict[str, Any] = {"Bucket": state.bucket, "Key": state.key}
    if state.version:
        params["VersionId"] = state.version
    try:
        answer = client.get_object(**params)
    except ClientError as exc:
        error = exc.response.get("Error") or {}
        code = str(error.get("Code") or "ClientError")
        message = str(error.get("Message") or exc)[:300]
        raise RemoteStateError(
            f"{state.display}: s3:GetObject: {code}: {message}", missing=code in MISSING_CODES
        ) from None
    except BotoCoreError as exc:
        raise RemoteStateError(f"{state.display}: s3:GetObject: {exc}") from None
    body = answer["Body"]
    try:
        size = int(answer.get("ContentLength") or 0)
        if size > max_bytes:
            return TextResult(None, skipped=f"state is {size} bytes, over the {max_bytes} limit")
        data = body.read(max_bytes + 1)
    except (BotoCoreError, OSError) as exc:
        raise RemoteStateError(f"{state.display}: reading the object failed: {exc}") from None
    finally:
        body.close()
    if len(data) > max_bytes:
        return TextResult(None, skipped=f"state is over the {max_bytes} byte limit")
    return decode_bytes(data)


def read_stream(stream: IO[bytes], max_bytes: int = DEFAULT_MAX_PLAN_BYTES) -> TextResult:
    """``terraform show -json`` piped in, at most ``max_bytes`` read."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        return TextResult(None, skipped=f"standard input is over the {max_bytes} byte limit")
    return decode_bytes(data)
