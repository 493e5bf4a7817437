"""Plaintext credentials in resource definitions: what counts as a credential written in the
code.

Values that point at a secret store (a Secrets Manager or SSM ARN, a CloudFormation dynamic
reference) are references, not secrets; values the code does not know (a variable, a NoEcho
parameter) come from outside the code. Rules report the attribute path, never the value.
"""

from __future__ import annotations

import re
from typing import Any

from iacgate.rules import is_unknown

# Values that point at a secret store instead of holding the secret.
SECRET_REFERENCE = re.compile(
    r"^(arn:aws[\w-]*:(secretsmanager|ssm|kms):|\{\{resolve:(secretsmanager|ssm|ssm-secure):)"
)


def literal(value: Any) -> bool:
    """A credential written in the code itself: known text that is not a reference."""
    if is_unknown(value) or not isinstance(value, str):
        return False
    text = value.strip()
    return bool(text) and not SECRET_REFERENCE.match(text)
