"""EMR: a security configuration is one JSON document (text in Terraform and the API, an object
or text in CloudFormation); its encryption and authentication settings are read out of it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.emr import SECURITY_CONFIGURATION
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft

_SETTINGS = (
    "at_rest_encryption_enabled",
    "in_transit_encryption_enabled",
    "s3_encryption_mode",
    "local_disk_encryption",
    "ebs_encryption_enabled",
    "kerberos_enabled",
)


def _document(raw: Any) -> Any:
    if is_unknown(raw) or isinstance(raw, Mapping):
        return raw
    if not isinstance(raw, str):
        return {}
    try:
        parsed = json.loads(raw)
    except ValueError:
        return Unknown("the security configuration is not JSON")
    return parsed if isinstance(parsed, Mapping) else Unknown("the configuration is not an object")


def _flag(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return value if is_unknown(value) else value is True


def _read(d: Draft, v: Any, raw: Any, at: AttrPath) -> None:
    document = _document(raw)
    if is_unknown(document):
        for name in _SETTINGS:
            d.put(name, document, v, at)
        return
    encryption = document.get("EncryptionConfiguration")
    encryption = encryption if isinstance(encryption, Mapping) else {}
    at_rest = encryption.get("AtRestEncryptionConfiguration")
    at_rest = at_rest if isinstance(at_rest, Mapping) else {}
    s3 = at_rest.get("S3EncryptionConfiguration")
    disk = at_rest.get("LocalDiskEncryptionConfiguration")
    authentication = document.get("AuthenticationConfiguration")
    values = {
        "at_rest_encryption_enabled": _flag(encryption.get("EnableAtRestEncryption")),
        "in_transit_encryption_enabled": _flag(encryption.get("EnableInTransitEncryption")),
        "s3_encryption_mode": s3.get("EncryptionMode") if isinstance(s3, Mapping) else None,
        "local_disk_encryption": isinstance(disk, Mapping),
        "ebs_encryption_enabled": _flag(disk.get("EnableEbsEncryption"))
        if isinstance(disk, Mapping)
        else False,
        "kerberos_enabled": isinstance(authentication, Mapping)
        and isinstance(authentication.get("KerberosConfiguration"), Mapping),
    }
    for name, value in values.items():
        d.put(name, value, v, at)


def _terraform(d: Draft, v: Any) -> None:
    _read(d, v, v.raw("configuration"), ("configuration",))


def _cloudformation(d: Draft, v: Any) -> None:
    _read(d, v, v.raw("SecurityConfiguration"), ("SecurityConfiguration",))


def _api(d: Draft, v: Any) -> None:
    answer = v.answer("DescribeSecurityConfiguration")
    raw = answer.get("SecurityConfiguration") if isinstance(answer, Mapping) else answer
    _read(d, v, raw, ())


CODE = (
    KindCode(
        SECURITY_CONFIGURATION,
        read={TERRAFORM: _terraform, CLOUDFORMATION: _cloudformation, API: _api},
    ),
)
