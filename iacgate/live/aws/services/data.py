"""Data and key services: RDS instances and clusters, DynamoDB tables, KMS keys (customer
managed), Secrets Manager secrets (metadata and resource policy, never values)."""

from __future__ import annotations

from typing import Any

from iacgate.live.aws.api import Api
from iacgate.live.aws.records import NativeRecord

AWS_ALIAS_PREFIX = "alias/aws/"  # reserved for keys AWS manages on a service's behalf


def tables(api: Api) -> list[NativeRecord]:
    names = api.items("ListTables", "TableNames")

    def detail(name: str) -> NativeRecord:
        table = api.get("DescribeTable", TableName=name)
        description = table.get("Table") if isinstance(table, dict) else None
        details: dict[str, Any] = {
            "DescribeTable": table,
            "DescribeContinuousBackups": api.get("DescribeContinuousBackups", TableName=name),
        }
        arn = description.get("TableArn") if isinstance(description, dict) else None
        if arn:
            details["ListTagsOfResource"] = api.listing(
                "ListTagsOfResource", "Tags", ResourceArn=arn
            )
        key = ((description or {}).get("SSEDescription") or {}).get("KMSMasterKeyArn")
        if key:
            # Whether the table uses the AWS managed key or a customer key (docs/model.md).
            details["DescribeKey"] = api.get("kms:DescribeKey", KeyId=key)
        return api.record({"TableName": name}, details)

    return api.each(names, detail)


def is_aws_managed(metadata: Any, aliases: list[str]) -> bool:
    if isinstance(metadata, dict) and metadata.get("KeyManager") == "AWS":
        return True
    return any(alias.startswith(AWS_ALIAS_PREFIX) for alias in aliases)


def keys(api: Api) -> list[NativeRecord]:
    listed = api.items("ListKeys", "Keys")
    aliases: dict[str, list[str]] = {}
    for alias in api.items("ListAliases", "Aliases"):
        if alias.get("TargetKeyId"):
            aliases.setdefault(alias["TargetKeyId"], []).append(alias["AliasName"])

    def detail(key: dict[str, Any]) -> NativeRecord | None:
        key_id = key["KeyId"]
        described = api.get("DescribeKey", KeyId=key_id)
        metadata = described.get("KeyMetadata") if isinstance(described, dict) else None
        names = sorted(aliases.get(key_id, []))
        if is_aws_managed(metadata, names):
            return None  # AWS managed keys belong to AWS: not a resource of the account
        if isinstance(metadata, dict) and metadata.get("KeyState") in (
            "PendingDeletion",
            "PendingReplicaDeletion",
        ):
            return None  # scheduled for deletion: deleted, as far as anyone managing it knows
        details = {
            "DescribeKey": described,
            "ListAliases": names,
            "GetKeyRotationStatus": api.get("GetKeyRotationStatus", KeyId=key_id),
            "GetKeyPolicy": api.get("GetKeyPolicy", KeyId=key_id, PolicyName="default"),
            "ListResourceTags": api.listing("ListResourceTags", "Tags", KeyId=key_id),
        }
        return api.record(key, details)

    return [record for record in api.each(listed, detail) if record is not None]


def secrets(api: Api) -> list[NativeRecord]:
    listed = api.items("ListSecrets", "SecretList")

    def detail(secret: dict[str, Any]) -> NativeRecord:
        policy = api.get("GetResourcePolicy", SecretId=secret["ARN"])
        return api.record(secret, {"GetResourcePolicy": policy})

    return api.each(listed, detail)
