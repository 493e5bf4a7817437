"""The JSON Schema of the canonical AWS kinds (``schemas/aws.json``), generated from their
declarations (``kinds``): each kind's attributes, their types, descriptions and documented
defaults. ``document()`` builds it; a test keeps the shipped file equal to it, and ``write()``
regenerates the file after a declaration changes.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from iacgate.model.aws.declaration import AwsKind, Field

FILE = Path(__file__).parent.parent / "schemas" / "aws.json"

DESCRIPTION = (
    "Canonical AWS kinds, shared by Terraform (HCL, plan, state), CloudFormation and "
    "the live collectors. Attributes are effective values: defaults AWS applies are f"
    "illed in (listed under 'default'); what AWS decides case by case is UNKNOWN in c"
    "ode ('chosen by AWS'). Empty strings mean null. x-physical-id names the attribut"
    "e holding the physical id. See docs/model.md."
)

# Shapes several kinds share (``ref("tags")`` and friends in the declarations).
DEFS: dict[str, Any] = {
    "tags": {
        "type": "object",
        "additionalProperties": {
            "type": ["string", "null"],
        },
        "default": {},
        "description": (
            "Effective tags: Terraform's tags_all (provider default_tags merged), CloudFormation "
            "Tags, the API's tag list as a map."
        ),
    },
    "policyDocument": {
        "type": "object",
        "description": (
            "An IAM policy document, parsed (never a JSON string) and normalized: Statement is a "
            "list; Action/NotAction/Resource/NotResource, principal values and condition values "
            "are lists; a 12-digit account principal is written arn:aws:iam::<id>:root. Keys keep "
            "IAM's own spelling (Version, Statement, Effect, ...). Order is kept."
        ),
        "properties": {
            "Version": {
                "type": "string",
            },
            "Id": {
                "type": "string",
            },
            "Statement": {
                "type": "array",
                "items": {
                    "type": "object",
                },
            },
        },
    },
    "sgRule": {
        "type": "object",
        "description": (
            "One atomic security group rule: one protocol and port range and exactly one peer. "
            "Terraform inline blocks and aws_security_group_rule with several CIDRs are split into "
            "one rule per peer, as AWS's security-group-rule API, CloudFormation and "
            "aws_vpc_security_group_*_rule already have it. Sorted canonically within a group."
        ),
        "properties": {
            "protocol": {
                "type": "string",
                "description": (
                    'Lower-case name for tcp/udp/icmp/icmpv6 (numbers 6/17/1/58 are renamed), "-1" '
                    'for all protocols (also written "all"), else the protocol number as a string.'
                ),
            },
            "from_port": {
                "type": ["integer", "null"],
                "description": (
                    "Start of the port range. All protocols (-1): 0. TCP/UDP with no range or -1: "
                    "0. ICMP: the ICMP type (-1 any). Other protocols: null (ports do not apply)."
                ),
            },
            "to_port": {
                "type": ["integer", "null"],
                "description": (
                    "End of the port range. All protocols (-1): 65535. TCP/UDP with no range or "
                    "-1: 65535. ICMP: the ICMP code (-1 any). Other protocols: null."
                ),
            },
            "cidr_ipv4": {
                "type": ["string", "null"],
                "description": "The IPv4 peer (exactly one of the four peer fields is set).",
            },
            "cidr_ipv6": {
                "type": ["string", "null"],
                "description": "The IPv6 peer.",
            },
            "prefix_list_id": {
                "type": ["string", "null"],
                "description": "The managed prefix list peer.",
            },
            "referenced_group_id": {
                "type": ["string", "null"],
                "description": (
                    "The peer security group id (the group's own id when self_referencing)."
                ),
            },
            "self_referencing": {
                "type": "boolean",
                "default": False,
                "description": "The peer is the rule's own group (Terraform self = true).",
            },
            "description": {
                "type": ["string", "null"],
                "description": "The rule's description; empty means null.",
            },
        },
        "additionalProperties": False,
        "required": [
            "cidr_ipv4",
            "cidr_ipv6",
            "description",
            "from_port",
            "prefix_list_id",
            "protocol",
            "referenced_group_id",
            "self_referencing",
            "to_port",
        ],
    },
    "grant": {
        "type": "object",
        "description": (
            "One ACL grant. The bucket owner's own FULL_CONTROL grant, which every bucket has, is "
            "left out."
        ),
        "properties": {
            "permission": {
                "type": "string",
                "description": "READ, WRITE, READ_ACP, WRITE_ACP or FULL_CONTROL.",
            },
            "grantee_type": {
                "type": "string",
                "description": "CanonicalUser, Group or AmazonCustomerByEmail.",
            },
            "grantee_id": {
                "type": ["string", "null"],
            },
            "grantee_uri": {
                "type": ["string", "null"],
                "description": (
                    "For groups: http://acs.amazonaws.com/groups/global/AllUsers (public), "
                    ".../AuthenticatedUsers, .../s3/LogDelivery."
                ),
            },
            "grantee_email": {
                "type": ["string", "null"],
            },
        },
        "additionalProperties": False,
        "required": [
            "grantee_email",
            "grantee_id",
            "grantee_type",
            "grantee_uri",
            "permission",
        ],
    },
    "publicAccessBlock": {
        "type": "object",
        "properties": {
            "block_public_acls": {
                "type": "boolean",
                "default": False,
            },
            "block_public_policy": {
                "type": "boolean",
                "default": False,
            },
            "ignore_public_acls": {
                "type": "boolean",
                "default": False,
            },
            "restrict_public_buckets": {
                "type": "boolean",
                "default": False,
            },
        },
        "additionalProperties": False,
        "required": [
            "block_public_acls",
            "block_public_policy",
            "ignore_public_acls",
            "restrict_public_buckets",
        ],
    },
}


def field_schema(field: Field) -> dict[str, Any]:
    """The JSON Schema of one attribute: its shape, an object's own attributes, its
    description and its documented default."""
    out: dict[str, Any] = copy.deepcopy(dict(field.schema))
    if field.fields and ("type" in out or "additionalProperties" in out):
        nested = _object(field.fields)
        if out.get("type") == "array":
            out["items"] = nested
        elif "additionalProperties" in out:  # a map of objects (by method path, ...)
            out["additionalProperties"] = nested
        else:
            out.update({k: v for k, v in nested.items() if k != "type"})
    if field.description:
        out["description"] = field.description
    default = field.documented_default
    if default is not None:
        out["default"] = copy.deepcopy(default)
    return out


def _object(fields: Iterable[Field]) -> dict[str, Any]:
    listed = list(fields)
    return {
        "type": "object",
        "properties": {f.name: field_schema(f) for f in listed},
        "additionalProperties": False,
        "required": sorted(f.name for f in listed if f.required),
    }


def kind_schema(kind: AwsKind) -> dict[str, Any]:
    schema = _object(kind.fields)
    schema["x-physical-id"] = kind.physical_id
    if kind.note:
        schema["description"] = kind.note
    return schema


def document(kinds: Iterable[AwsKind] | None = None) -> dict[str, Any]:
    if kinds is None:
        from iacgate.model.aws.kinds import KINDS

        kinds = KINDS
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "description": DESCRIPTION,
        "$defs": copy.deepcopy(DEFS),
        "kinds": {kind.name: kind_schema(kind) for kind in kinds},
    }


def text(schema: Mapping[str, Any] | None = None) -> str:
    return json.dumps(schema or document(), indent=1, ensure_ascii=False) + "\n"


def write(path: Path = FILE) -> None:
    """Regenerate ``schemas/aws.json`` and the registry's index (``kinds/index.json``) from the
    declarations."""
    from iacgate.model.aws import kinds

    path.write_text(text(), encoding="utf-8")
    kinds.write_index()
