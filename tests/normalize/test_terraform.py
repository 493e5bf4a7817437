"""The Terraform normalizer: folding split resources, defaults, unknowns and locations."""

from __future__ import annotations

import json

from iacgate.model.unknown import OUTSIDE_CODE, Unknown, is_unknown
from iacgate.normalize.terraform import COMPUTED_BY_PROVIDER, to_resources
from tests.normalize.records import record
from tests.normalize.schema_check import schema_errors

COMPUTED = Unknown(COMPUTED_BY_PROVIDER)


def _by_address(normalized):  # type: ignore[no-untyped-def]
    return {r.address: r for r in normalized.resources}


def test_bucket_folds_every_split_resource_and_points_at_its_lines() -> None:
    policy = {
        "Version": "2012-10-17",
        "Statement": {"Effect": "Deny", "Action": "s3:*", "Principal": "*", "Resource": "*"},
    }
    records = [
        record("aws_s3_bucket", "logs", {"bucket": "my-logs", "tags": {"team": "a"}}, line=1),
        record(
            "aws_s3_bucket_public_access_block",
            "logs",
            {"bucket": "x", "block_public_acls": True, "block_public_policy": True},
            line=10,
            refs={("bucket",): "aws_s3_bucket.logs"},
        ),
        record(
            "aws_s3_bucket_server_side_encryption_configuration",
            "logs",
            {
                "bucket": "my-logs",
                "rule": [
                    {
                        "apply_server_side_encryption_by_default": [
                            {"sse_algorithm": "aws:kms", "kms_master_key_id": "key-1"}
                        ],
                        "bucket_key_enabled": True,
                    }
                ],
            },
            line=20,
        ),
        record(
            "aws_s3_bucket_versioning",
            "logs",
            {"bucket": "my-logs", "versioning_configuration": [{"status": "Enabled"}]},
            line=30,
        ),
        record(
            "aws_s3_bucket_policy",
            "logs",
            {"bucket": "my-logs", "policy": json.dumps(policy)},
            line=40,
        ),
        record("aws_s3_bucket_acl", "logs", {"bucket": "my-logs", "acl": "public-read"}, line=50),
        record(
            "aws_s3_bucket_ownership_controls",
            "logs",
            {"bucket": "my-logs", "rule": [{"object_ownership": "BucketOwnerEnforced"}]},
            line=60,
        ),
        record(
            "aws_s3_bucket_logging",
            "logs",
            {"bucket": "my-logs", "target_bucket": "central", "target_prefix": "logs/"},
            line=70,
        ),
    ]
    result = to_resources(records, scope="root", source="terraform")
    found = _by_address(result)
    bucket = found["aws_s3_bucket.logs"]
    assert bucket.kind == "aws.s3.bucket"
    assert bucket.physical_id == "my-logs"
    attrs = bucket.attributes
    assert attrs["public_access_block"] == {
        "block_public_acls": True,
        "block_public_policy": True,
        "ignore_public_acls": False,
        "restrict_public_buckets": False,
    }
    assert attrs["encryption"] == {
        "sse_algorithm": "aws:kms",
        "kms_master_key_id": "key-1",
        "bucket_key_enabled": True,
    }
    assert attrs["versioning"] == {"status": "Enabled", "mfa_delete": False}
    assert attrs["policy"]["Statement"] == [
        {"Effect": "Deny", "Action": ["s3:*"], "Principal": "*", "Resource": ["*"]}
    ]
    assert attrs["grants"] == [
        {
            "permission": "READ",
            "grantee_type": "Group",
            "grantee_id": None,
            "grantee_uri": "http://acs.amazonaws.com/groups/global/AllUsers",
            "grantee_email": None,
        }
    ]
    assert attrs["object_ownership"] == "BucketOwnerEnforced"
    assert attrs["logging"] == {"target_bucket": "central", "target_prefix": "logs/"}
    assert set(bucket.origin["folded"]) == {r.address for r in records[1:]}

    spans = result.spans[bucket.key]
    # Folded attributes point at the split resource that set them, to the attribute line.
    assert spans[("public_access_block", "block_public_acls")].start_line == 12
    assert spans[("public_access_block",)].start_line == 10
    assert spans[("encryption", "sse_algorithm")].start_line == 22  # the "rule" line
    assert spans[("versioning", "status")].start_line == 32
    assert spans[("policy",)].start_line == 42
    assert spans[("grants",)].start_line == 52
    assert spans[()].start_line == 1
    # The bucket policy is also a node of its own.
    standalone = found["aws_s3_bucket_policy.logs"]
    assert standalone.kind == "aws.s3.bucket_policy"
    assert standalone.physical_id == "my-logs"
    assert not schema_errors(result.resources)


def test_bucket_defaults_are_the_effective_aws_values() -> None:
    result = to_resources(
        [record("aws_s3_bucket", "b", {"bucket": "plain"})], scope="r", source="terraform"
    )
    attrs = result.resources[0].attributes
    assert attrs["encryption"] == {
        "sse_algorithm": "AES256",
        "kms_master_key_id": None,
        "bucket_key_enabled": False,
    }
    assert attrs["versioning"] == {"status": "Disabled", "mfa_delete": False}
    assert attrs["public_access_block"] is None
    assert attrs["grants"] == []
    assert attrs["logging"] is None
    assert attrs["policy"] is None
    assert is_unknown(attrs["arn"])
    assert not schema_errors(result.resources)


def test_plan_computed_values_take_defaults_but_expression_unknowns_stay() -> None:
    later = Unknown("known after apply")
    records = [
        record(
            "aws_s3_bucket",
            "b",
            {
                "bucket": later,
                "arn": COMPUTED,
                "server_side_encryption_configuration": COMPUTED,
                "versioning": COMPUTED,
                "policy": COMPUTED,
            },
        ),
    ]
    attrs = to_resources(records, scope="r", source="terraform-plan").resources[0].attributes
    assert attrs["name"] == later
    assert is_unknown(attrs["arn"])
    assert attrs["encryption"]["sse_algorithm"] == "AES256"
    assert attrs["versioning"]["status"] == "Disabled"
    assert attrs["policy"] is None


def test_split_resources_whose_owner_is_elsewhere_are_judged_on_their_own() -> None:
    records = [
        record(
            "aws_s3_bucket_versioning",
            "v",
            {"bucket": "elsewhere", "versioning_configuration": [{"status": "Suspended"}]},
        ),
        record("aws_s3_bucket_policy", "p", {"bucket": "elsewhere", "policy": "{}"}),
    ]
    result = to_resources(records, scope="r", source="terraform")
    assert result.unattached == ()
    assert result.standalone == ("aws_s3_bucket_versioning.v",)
    kinds = {r.address: r.kind for r in result.resources}
    assert kinds == {
        "aws_s3_bucket_policy.p": "aws.s3.bucket_policy",
        "aws_s3_bucket_versioning.v": "aws.s3.bucket",
    }
    stand_in = next(r for r in result.resources if r.kind == "aws.s3.bucket")
    assert stand_in.origin["standalone"] == "aws_s3_bucket_versioning.v"
    # What the split resource writes is known; the rest of the bucket is outside the code.
    assert stand_in.attributes["versioning"]["status"] == "Suspended"
    assert is_unknown(stand_in.attributes["encryption"])
    assert OUTSIDE_CODE in stand_in.attributes["encryption"].reason


def test_a_split_resource_naming_no_owner_stays_unattached() -> None:
    records = [record("aws_s3_bucket_versioning", "v", {"bucket": None})]
    result = to_resources(records, scope="r", source="terraform")
    assert result.unattached == ("aws_s3_bucket_versioning.v",)
    assert result.resources == ()


def test_security_group_rules_from_every_style_become_one_atomic_list() -> None:
    records = [
        record(
            "aws_security_group",
            "web",
            {
                "name": "web",
                "id": "sg-1",
                "ingress": [
                    {
                        "protocol": "tcp",
                        "from_port": 443,
                        "to_port": 443,
                        "cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"],
                        "description": "",
                    },
                    {"protocol": "-1", "from_port": 0, "to_port": 0, "self": True},
                ],
            },
            line=1,
        ),
        record(
            "aws_security_group_rule",
            "ssh",
            {
                "type": "ingress",
                "security_group_id": "sg-1",
                "protocol": "6",
                "from_port": 22,
                "to_port": 22,
                "cidr_blocks": ["0.0.0.0/0"],
            },
            line=20,
        ),
        record(
            "aws_vpc_security_group_egress_rule",
            "all",
            {"security_group_id": "x", "ip_protocol": "-1", "cidr_ipv6": "::/0"},
            line=30,
            refs={("security_group_id",): "aws_security_group.web"},
        ),
        record(
            "aws_vpc_security_group_ingress_rule",
            "stray",
            {
                "security_group_id": "sg-other",
                "ip_protocol": "tcp",
                "from_port": 3389,
                "to_port": 3389,
                "cidr_ipv4": "0.0.0.0/0",
            },
            line=40,
        ),
    ]
    result = to_resources(records, scope="r", source="terraform")
    found = _by_address(result)
    group = found["aws_security_group.web"]
    assert group.physical_id == "sg-1"
    assert group.attributes["description"] == "Managed by Terraform"
    ingress = group.attributes["ingress"]
    assert len(ingress) == 4
    ssh = [r for r in ingress if r["from_port"] == 22]
    assert ssh == [
        {
            "protocol": "tcp",
            "from_port": 22,
            "to_port": 22,
            "cidr_ipv4": "0.0.0.0/0",
            "cidr_ipv6": None,
            "prefix_list_id": None,
            "referenced_group_id": None,
            "self_referencing": False,
            "description": None,
        }
    ]
    self_rule = next(r for r in ingress if r["self_referencing"])
    assert (self_rule["from_port"], self_rule["to_port"]) == (0, 65535)
    assert self_rule["referenced_group_id"] == "sg-1"
    egress = group.attributes["egress"]
    assert [(r["protocol"], r["cidr_ipv6"]) for r in egress] == [("-1", "::/0")]
    spans = result.spans[group.key]
    ssh_index = ingress.index(ssh[0])
    assert spans[("ingress", ssh_index)].start_line == 26  # its cidr_blocks line
    assert spans[("egress", 0)].start_line == 30
    public_443 = next(
        i for i, r in enumerate(ingress) if r["cidr_ipv4"] == "0.0.0.0/0" and r["from_port"] == 443
    )
    assert spans[("ingress", public_443)].start_line == 4  # the ingress attribute's line
    stray = found["aws_vpc_security_group_ingress_rule.stray"]
    assert stray.kind == "aws.ec2.security_group_rule"
    assert stray.attributes["group_id"] == "sg-other"
    assert stray.attributes["ingress"][0]["from_port"] == 3389
    assert not schema_errors(result.resources)


def test_state_rules_read_back_into_the_group_are_not_doubled() -> None:
    rule = {
        "protocol": "tcp",
        "from_port": 22,
        "to_port": 22,
        "cidr_blocks": ["0.0.0.0/0"],
        "ipv6_cidr_blocks": [],
        "prefix_list_ids": [],
        "security_groups": [],
        "self": False,
        "description": "",
    }
    records = [
        record("aws_security_group", "g", {"id": "sg-9", "ingress": [rule], "egress": []}),
        record(
            "aws_security_group_rule",
            "ssh",
            {"type": "ingress", "security_group_id": "sg-9", **rule},
            line=20,
        ),
    ]
    result = to_resources(records, scope="r", source="terraform-state")
    group = _by_address(result)["aws_security_group.g"]
    assert len(group.attributes["ingress"]) == 1
    assert result.spans[group.key][("ingress", 0)].start_line == 26  # the rule resource


def test_role_collects_inline_and_attached_policies_from_every_resource() -> None:
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "sts:AssumeRole"}
        ],
    }
    records = [
        record("aws_iam_role", "app", {"name": "app", "assume_role_policy": json.dumps(trust)}),
        record("aws_iam_policy", "custom", {"name": "custom", "policy": '{"Statement": []}'}),
        record(
            "aws_iam_role_policy_attachment",
            "custom",
            {"role": "app", "policy_arn": Unknown("known after apply")},
            line=20,
            refs={("role",): "aws_iam_role.app", ("policy_arn",): "aws_iam_policy.custom"},
        ),
        record(
            "aws_iam_policy_attachment",
            "ro",
            {
                "name": "ro",
                "roles": ["app"],
                "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess",
            },
            line=30,
        ),
        record(
            "aws_iam_role_policy",
            "inline",
            {"role": "app", "name": "s3", "policy": json.dumps({"Statement": []})},
            line=40,
        ),
    ]
    result = to_resources(records, scope="r", source="terraform")
    role = _by_address(result)["aws_iam_role.app"]
    attrs = role.attributes
    assert attrs["assume_role_policy"]["Statement"][0]["Principal"] == {
        "AWS": ["arn:aws:iam::123456789012:root"]
    }
    assert attrs["managed_policy_arns"][0] == "arn:aws:iam::aws:policy/ReadOnlyAccess"
    assert is_unknown(attrs["managed_policy_arns"][1])
    assert attrs["inline_policies"] == {"s3": {"Statement": []}}
    assert attrs["max_session_duration"] == 3600
    spans = result.spans[role.key]
    assert spans[("managed_policy_arns", 0)].start_line == 33  # aws_iam_policy_attachment
    assert spans[("managed_policy_arns", 1)].start_line == 22
    assert spans[("inline_policies", "s3")].start_line == 43
    assert not schema_errors(result.resources)


def test_references_pick_the_instance_with_the_same_key() -> None:
    records = [
        record("aws_s3_bucket", "b", {"bucket": "b-a"}, index="a"),
        record("aws_s3_bucket", "b", {"bucket": "b-b"}, index="b"),
        record(
            "aws_s3_bucket_versioning",
            "v",
            {"bucket": Unknown("x"), "versioning_configuration": [{"status": "Enabled"}]},
            index="b",
            refs={("bucket",): "aws_s3_bucket.b"},
        ),
    ]
    found = _by_address(to_resources(records, scope="r", source="terraform"))
    assert found['aws_s3_bucket.b["b"]'].attributes["versioning"]["status"] == "Enabled"
    assert found['aws_s3_bucket.b["a"]'].attributes["versioning"]["status"] == "Disabled"


def test_module_references_resolve_inside_the_module() -> None:
    records = [
        record("aws_s3_bucket", "b", {"bucket": Unknown("x")}, module="module.logs"),
        record(
            "aws_s3_bucket_public_access_block",
            "b",
            {"bucket": Unknown("x"), "block_public_acls": True},
            module="module.logs",
            refs={("bucket",): "aws_s3_bucket.b"},
        ),
    ]
    found = _by_address(to_resources(records, scope="r", source="terraform"))
    bucket = found["module.logs.aws_s3_bucket.b"]
    assert bucket.attributes["public_access_block"]["block_public_acls"] is True
    assert bucket.origin["module"] == "module.logs"


def test_data_sources_and_other_providers_are_not_resources() -> None:
    records = [
        record("aws_iam_policy_document", "d", {"json": "{}"}, mode="data"),
        record("google_storage_bucket", "g", {"name": "x"}),
        record("aws_glue_job", "j", {"name": "x"}),
    ]
    result = to_resources(records, scope="r", source="terraform")
    assert result.resources == ()
    assert result.unsupported == ("aws_glue_job.j",)


def test_planned_action_is_in_the_origin() -> None:
    records = [
        record("aws_sqs_queue", "q", {"name": "q"}, actions=("delete", "create")),
        record("aws_sns_topic", "t", {"name": "t"}, actions=("update",)),
    ]
    found = _by_address(to_resources(records, scope="r", source="terraform-plan"))
    assert found["aws_sqs_queue.q"].origin["action"] == "replace"
    assert found["aws_sns_topic.t"].origin["action"] == "update"


def test_invalid_policy_json_is_unknown_with_the_reason() -> None:
    records = [record("aws_iam_policy", "p", {"name": "p", "policy": "{not json"})]
    policy = to_resources(records, scope="r", source="terraform").resources[0].attributes["policy"]
    assert is_unknown(policy)
    assert "not valid JSON" in policy.reason
