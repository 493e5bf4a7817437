"""Plaintext credentials in resource definitions: the one detector every secret rule asks.

Three questions, one answer each:

- :func:`literal`: is a value that *is* a credential by its place (a password argument) written
  in the code?
- :func:`secret_literal`: does a named value (an environment variable) hold a credential, by
  its name or by its shape?
- :func:`secrets_in_text`: does free text (a user data script) hold one?

Values that point at a secret store (a Secrets Manager or SSM ARN, a CloudFormation dynamic
reference) are references, not secrets; values the code does not know (a variable, a NoEcho
parameter) come from outside the code. Answers name the variable or the line, never the value:
rules report the attribute path and those words only.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from typing import Any

from iacgate.rules import is_unknown

# Names that, given a literal value, almost always hold a credential.
SECRET_NAME = re.compile(
    r"(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL)",
    re.IGNORECASE,
)
# Names that match the pattern above but name a reference, a path or a switch.
NOT_A_SECRET_NAME = re.compile(
    r"(_FILE|_PATH|_DIR|_NAME|_ARN|_ID|_REF|_URL|_ENDPOINT|_HOST|_ENABLED|_TYPE|_MODE"
    r"|_ALGORITHM|_TTL|_TIMEOUT|_EXPIRY|_LENGTH|_HEADER|_ISSUER|_AUDIENCE|_PARAMETER|_SECRET_ID)$",
    re.IGNORECASE,
)
# The same suffixes in camelCase (`privateKeyPath`, `secretArn`), as JSON configurations name them.
NOT_A_SECRET_CAMEL = re.compile(
    r"[a-z0-9](?:File|Path|Dir|Name|Arn|Id|Ref|Url|Uri|Endpoint|Host|Enabled|Type|Mode"
    r"|Algorithm|Ttl|Timeout|Expiry|Length|Header|Issuer|Audience|Parameter|SecretId)$"
)
# Values that are credentials whatever their name says: key and token formats ...
SHAPED = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----"
    r"|\b(AKIA|ASIA)[0-9A-Z]{16}\b"
    r"|\bgh[pousr]_[0-9A-Za-z]{36}\b"
    r"|\bxox[abpr]-[0-9A-Za-z-]{10,}"
)
# ... and a password in a URL.
SECRET_VALUE = re.compile(SHAPED.pattern + r"|://[^/\s:@]+:[^/\s@]+@")
# A password in a URL, for scripts: ``://user:password@`` whose password is not ``$VAR``.
URL_PASSWORD = re.compile(r"://[^/\s:@'\"]+:(?P<password>[^/\s@'\"]+)@")
# Values that point at a secret store instead of holding the secret.
SECRET_REFERENCE = re.compile(
    r"^(arn:aws[\w-]*:(secretsmanager|ssm|kms):|\{\{resolve:(secretsmanager|ssm|ssm-secure):)"
)
PLACEHOLDER = re.compile(r"^(|true|false|yes|no|on|off|none|null|changeme|\$\{?[A-Za-z_]+\}?)$")

# ``NAME=value``, ``export NAME="value"``, ``NAME: value`` and ``"name": "value"`` in a script or
# a configuration file written by one. The value stops at whitespace unless quoted.
ASSIGNMENT = re.compile(
    r"""(?:^|[\s;{,])(?:export\s+|set\s+|setx?\s+)?["']?(?P<name>[A-Za-z_][\w.-]*)["']?"""
    r"""\s*(?:=|:)\s*(?P<value>"[^"\n]*"|'[^'\n]*'|[^\s"';,}]+)""",
    re.MULTILINE,
)
# A value computed at boot (command substitution, a shell variable, a template placeholder) is
# read from elsewhere, and one that opens an object or a list (`"SecretsManager": {` in a JSON
# configuration a script writes) holds its values on later lines: neither is a literal.
COMPUTED = re.compile(r"^(\$|`|%|\{|<%|\(|\[)")

# Decoded user data is bounded: a compressed bomb must not exhaust memory.
MAX_DECODED = 1 << 20


def literal(value: Any) -> bool:
    """A credential written in the code itself: known text that is not a reference."""
    if is_unknown(value) or not isinstance(value, str):
        return False
    text = value.strip()
    return bool(text) and not SECRET_REFERENCE.match(text)


def credential_shaped(value: Any) -> bool:
    """A literal that is a credential by its shape alone (a key, a token, a URL password)."""
    if not isinstance(value, str) or SECRET_REFERENCE.match(value):
        return False
    return bool(SECRET_VALUE.search(value))


def secret_name(name: str) -> bool:
    """Whether a variable's name says it holds a credential."""
    return (
        bool(SECRET_NAME.search(name))
        and not NOT_A_SECRET_NAME.search(name)
        and not NOT_A_SECRET_CAMEL.search(name)
    )


def secret_literal(name: str, value: Any) -> str | None:
    """Why a named literal looks like a credential, in words that never include the value."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value)
    if SECRET_REFERENCE.match(text):
        return None
    if SECRET_VALUE.search(text):
        return "holds a credential-shaped value"
    if secret_name(name) and not PLACEHOLDER.match(text.strip().lower()):
        return "holds a credential in clear text"
    return None


def decoded(text: str) -> str:
    """User data as the instance reads it: base64 (what launch templates and the API hold, what
    ``Fn::Base64`` and ``base64encode`` make) decoded, gzip or zlib unpacked; else the text."""
    compact = "".join(text.split())
    if len(compact) < 8 or len(compact) % 4:
        return text
    try:
        raw = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return text
    if raw[:2] == b"\x1f\x8b" or raw[:1] == b"\x78":
        try:
            inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)
            raw = inflater.decompress(raw, MAX_DECODED)
        except zlib.error:
            pass  # not compressed after all: text that starts with "x"
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return text


def secrets_in_text(text: str) -> list[str]:
    """Where a script holds a credential: one description per finding line, values never
    included (``line 3: DB_PASSWORD is assigned a literal``)."""
    found: list[str] = []
    for number, line in enumerate(decoded(text).splitlines(), 1):
        url = URL_PASSWORD.search(line)
        if (url and not COMPUTED.match(url.group("password"))) or SHAPED.search(line):
            found.append(f"line {number}: a credential-shaped value")
            continue
        for match in ASSIGNMENT.finditer(line):
            name, value = match.group("name"), match.group("value").strip("\"'")
            if (
                secret_name(name)
                and not COMPUTED.match(value)
                and not SECRET_REFERENCE.match(value)
                and not PLACEHOLDER.match(value.strip().lower())
            ):
                found.append(f"line {number}: {name} is assigned a literal")
                break
    return found
