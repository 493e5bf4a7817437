"""Which attribute values are secrets: the one redaction policy for snapshots and drift output.

A value is sensitive when

- its key names a credential (``password``, ``private_key``, ``secret_access_key`` ...), or
- it is the ``value`` of a name/value pair whose name looks like a credential (a container's
  ``env: [{name: DB_PASSWORD, value: ...}]``, an ECS or Lambda variable list), or
- its kind keeps secrets in a known subtree (a Kubernetes Secret's ``data`` and ``stringData``),
- or it is kubectl's last-applied annotation (a copy of the whole object, Secret data included).

Redacted values are replaced by :data:`REDACTED`; absent values stay absent, so a report still
says *that* a secret changed without saying *what* it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

REDACTED = "<redacted>"
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"

# A variable or key *name* that, given a literal value, almost always holds a credential.
SECRET_NAME = re.compile(
    r"(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL"
    r"|AUTH)",
    re.IGNORECASE,
)
# Attribute keys whose own value is a credential. Narrower than SECRET_NAME on purpose: keys such
# as ``secretName`` or ``automountServiceAccountToken`` name *references* and must stay visible.
SECRET_KEY = re.compile(
    r"(password|passwd|passphrase|secret_?string|secret_?access_?key|private_?key|auth_?token"
    r"|access_?token|api_?key|basic_?auth_?credentials)$",
    re.IGNORECASE,
)

_PAIR_NAMES = ("name", "Name", "key", "Key")
_PAIR_VALUES = ("value", "Value")

# Subtrees (from the resource root) that hold secrets, per canonical kind.
SECRET_SUBTREES: dict[str, frozenset[str]] = {
    "k8s.core.secret": frozenset({"data", "stringData"}),
}


def sensitive_key(kind: str, path: Sequence[object], mapping: Mapping[str, Any], key: str) -> bool:
    """Whether ``mapping[key]`` is a secret; ``path`` is where ``mapping`` sits in the resource."""
    if not path and key in SECRET_SUBTREES.get(kind, ()):
        return True
    if key == LAST_APPLIED:
        return True
    if SECRET_KEY.search(key) and not isinstance(mapping[key], Mapping | list):
        return True
    if key in _PAIR_VALUES:
        for name_key in _PAIR_NAMES:
            name = mapping.get(name_key)
            if isinstance(name, str) and SECRET_NAME.search(name):
                return True
    return False


def redact(kind: str, value: Any, path: Sequence[object] = ()) -> Any:
    """A copy of ``value`` (found at ``path`` of a resource of ``kind``) with secrets replaced."""
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if sensitive_key(kind, path, value, key):
                out[key] = REDACTED
            else:
                out[key] = redact(kind, item, (*path, key))
        return out
    if isinstance(value, list):
        return [redact(kind, item, (*path, index)) for index, item in enumerate(value)]
    return value


def is_sensitive_path(kind: str, attributes: Mapping[str, Any], path: Sequence[object]) -> bool:
    """Whether the value at ``path`` (index-based) is, or lies inside, a secret."""
    node: Any = attributes
    for depth, part in enumerate(path):
        if isinstance(node, Mapping) and isinstance(part, str):
            if part not in node:
                return False
            if sensitive_key(kind, path[:depth], node, part):
                return True
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and -len(node) <= part < len(node):
            node = node[part]
        else:
            return False
    return False
