"""EC2 launch templates: what a table cannot say.

The instance profile is written as a name or an ARN (one object with either, in every source):
the canonical value is the one written. The Terraform provider keeps two booleans of a launch
template as text, where "" means unset: unset is then the launch's own default, not a value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.launch_template import LAUNCH_TEMPLATE
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft

_INTERFACE = LAUNCH_TEMPLATE.field("network_interfaces").fields
_PUBLIC = next(f for f in _INTERFACE if f.name == "associate_public_ip_address")
_EBS = next(f for f in LAUNCH_TEMPLATE.field("block_device_mappings").fields if f.name == "ebs")
_ENCRYPTED = next(f for f in _EBS.fields if f.name == "encrypted")


def _not_a_boolean(value: Any) -> bool:
    return is_unknown(value) and value.reason == "not a boolean: ''"


def _unset(default: Any) -> Unknown:
    return Unknown(f"not set: {default.by}")


def _profile(d: Draft, v: Any, path: tuple[str | int, ...], keys: tuple[str, str]) -> None:
    block = v.raw(*path)
    if isinstance(block, list):
        block = block[0] if block else None
    if is_unknown(block):
        d.put("iam_instance_profile", block, v, path)
        return
    if not isinstance(block, Mapping):
        return
    name, arn = (block.get(key) for key in keys)
    for key, value in ((keys[0], name), (keys[1], arn)):
        if value not in (None, ""):
            at = (*path, 0, key) if v.source == TERRAFORM else (*path, key)
            d.put("iam_instance_profile", value, v, at)
            return


def _listed(value: Any) -> list[Any]:
    """The items of a list attribute; none when it is unknown (a dynamic block over an
    unknown collection) or unset."""
    return value if isinstance(value, list) else []


def _terraform(d: Draft, v: Any) -> None:
    _profile(d, v, ("iam_instance_profile",), ("name", "arn"))
    for interface in _listed(d.attrs.get("network_interfaces")):
        if isinstance(interface, dict) and _not_a_boolean(
            interface.get("associate_public_ip_address")
        ):
            interface["associate_public_ip_address"] = _unset(_PUBLIC.default)
    for device in _listed(d.attrs.get("block_device_mappings")):
        ebs = device.get("ebs") if isinstance(device, dict) else None
        if isinstance(ebs, dict) and _not_a_boolean(ebs.get("encrypted")):
            ebs["encrypted"] = _unset(_ENCRYPTED.default)


def _cloudformation(d: Draft, v: Any) -> None:
    _profile(d, v, ("LaunchTemplateData", "IamInstanceProfile"), ("Name", "Arn"))


def _api(d: Draft, v: Any) -> None:
    answer = v.answer("DescribeLaunchTemplateVersions")
    data = answer.get("LaunchTemplateData") if isinstance(answer, Mapping) else None
    if isinstance(data, Mapping):
        profile = data.get("IamInstanceProfile")
        if isinstance(profile, Mapping):
            value = profile.get("Name") or profile.get("Arn")
            if value:
                d.put("iam_instance_profile", value)


CODE = (
    KindCode(
        LAUNCH_TEMPLATE,
        read={TERRAFORM: _terraform, CLOUDFORMATION: _cloudformation, API: _api},
    ),
)
