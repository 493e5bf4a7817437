"""The same infrastructure written as Terraform and as CloudFormation yields the same canonical
attributes, for every canonical AWS kind (table-driven: one case per kind, a Terraform column
and a CloudFormation column).

Values known only after apply/deploy (ids, ARNs, references to other resources) are the only
allowed difference: both sides must hold an ``Unknown`` there (reasons may differ), never a
missing key. Both sides are validated against the kind's schema.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from typing import Any

import pytest

from iacgate.model.kinds import INEXPRESSIBLE, KINDS
from iacgate.model.resource import Resource
from iacgate.model.unknown import Unknown
from iacgate.normalize import cloudformation as cfn_normalize
from iacgate.normalize.terraform import to_resources as tf_resources
from iacgate.sources.cloudformation import route
from iacgate.sources.cloudformation.template import read_template
from iacgate.sources.terraform.records import TerraformResource
from tests.normalize.records import record
from tests.normalize.schema_check import schema_errors
from tests.normalize.test_declared_equivalence import cases as declared_cases

AFTER = Unknown("known after apply")
MASK = "<unknown>"


def policy(action: str, resource: str = "*", principal: Any = None) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": "Allow", "Action": action, "Resource": resource}
    if principal is not None:
        statement["Principal"] = principal
    return {"Version": "2012-10-17", "Statement": [statement]}


def yaml_json(document: dict[str, Any]) -> str:
    """A policy written inline in a template (JSON is YAML)."""
    return json.dumps(document)


@dataclass(frozen=True)
class Case:
    kind: str
    terraform: list[TerraformResource]
    cloudformation: str  # the Resources section, YAML
    # Terraform address -> CloudFormation address of the same resource.
    pairs: dict[str, str] = field(default_factory=dict)


TRUST = policy("sts:AssumeRole", principal={"Service": "ec2.amazonaws.com"})
TRUST["Statement"][0].pop("Resource")
READ = policy("s3:GetObject", "arn:aws:s3:::data-bucket/*", principal="*")

CASES: list[Case] = [
    Case(
        "aws.s3.bucket",
        [
            record(
                "aws_s3_bucket",
                "data",
                {"bucket": "data-bucket", "tags": {"env": "prod"}, "object_lock_enabled": True},
            ),
            record(
                "aws_s3_bucket_public_access_block",
                "data",
                {
                    "bucket": AFTER,
                    "block_public_acls": True,
                    "block_public_policy": True,
                    "ignore_public_acls": True,
                    "restrict_public_buckets": False,
                },
                refs={("bucket",): "aws_s3_bucket.data"},
            ),
            record(
                "aws_s3_bucket_server_side_encryption_configuration",
                "data",
                {
                    "bucket": "data-bucket",
                    "rule": [
                        {
                            "apply_server_side_encryption_by_default": [
                                {"sse_algorithm": "aws:kms", "kms_master_key_id": "alias/data"}
                            ],
                            "bucket_key_enabled": True,
                        }
                    ],
                },
            ),
            record(
                "aws_s3_bucket_versioning",
                "data",
                {"bucket": "data-bucket", "versioning_configuration": [{"status": "Enabled"}]},
            ),
            record(
                "aws_s3_bucket_logging",
                "data",
                {"bucket": "data-bucket", "target_bucket": "logs", "target_prefix": "data/"},
            ),
            record(
                "aws_s3_bucket_ownership_controls",
                "data",
                {"bucket": "data-bucket", "rule": [{"object_ownership": "BucketOwnerEnforced"}]},
            ),
            record("aws_s3_bucket_acl", "data", {"bucket": "data-bucket", "acl": "public-read"}),
            record(
                "aws_s3_bucket_policy",
                "data",
                {"bucket": AFTER, "policy": json.dumps(READ)},
                refs={("bucket",): "aws_s3_bucket.data"},
            ),
        ],
        f"""
        Data:
          Type: AWS::S3::Bucket
          Properties:
            BucketName: data-bucket
            ObjectLockEnabled: true
            Tags: [{{Key: env, Value: prod}}]
            AccessControl: PublicRead
            PublicAccessBlockConfiguration:
              BlockPublicAcls: true
              BlockPublicPolicy: true
              IgnorePublicAcls: true
            BucketEncryption:
              ServerSideEncryptionConfiguration:
                - ServerSideEncryptionByDefault:
                    SSEAlgorithm: aws:kms
                    KMSMasterKeyID: alias/data
                  BucketKeyEnabled: true
            VersioningConfiguration: {{Status: Enabled}}
            LoggingConfiguration: {{DestinationBucketName: logs, LogFilePrefix: data/}}
            OwnershipControls:
              Rules: [{{ObjectOwnership: BucketOwnerEnforced}}]
        DataPolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref Data
            PolicyDocument: {yaml_json(READ)}
        """,
        {"aws_s3_bucket.data": "Data", "aws_s3_bucket_policy.data": "DataPolicy"},
    ),
    Case(
        "aws.s3.bucket (defaults)",
        [record("aws_s3_bucket", "plain", {"bucket": "plain"})],
        """
        Plain:
          Type: AWS::S3::Bucket
          Properties: {BucketName: plain}
        """,
        {"aws_s3_bucket.plain": "Plain"},
    ),
    Case(
        "aws.ec2.security_group",
        [
            record(
                "aws_security_group",
                "web",
                {
                    "name": "web",
                    "description": "web tier",
                    "vpc_id": "vpc-1",
                    "tags": {"tier": "web"},
                    "ingress": [
                        {
                            "protocol": "tcp",
                            "from_port": 443,
                            "to_port": 443,
                            "cidr_blocks": ["0.0.0.0/0"],
                            "description": "https",
                        }
                    ],
                    "egress": [
                        {
                            "protocol": "-1",
                            "from_port": 0,
                            "to_port": 0,
                            "cidr_blocks": ["0.0.0.0/0"],
                        }
                    ],
                },
            ),
            record(
                "aws_security_group_rule",
                "ssh",
                {
                    "type": "ingress",
                    "security_group_id": AFTER,
                    "protocol": "6",
                    "from_port": 22,
                    "to_port": 22,
                    "cidr_blocks": ["10.0.0.0/8"],
                },
                refs={("security_group_id",): "aws_security_group.web"},
            ),
            record(
                "aws_security_group_rule",
                "self",
                {
                    "type": "ingress",
                    "security_group_id": AFTER,
                    "protocol": "tcp",
                    "from_port": 8080,
                    "to_port": 8080,
                    "self": True,
                },
                refs={("security_group_id",): "aws_security_group.web"},
            ),
            record(
                "aws_vpc_security_group_egress_rule",
                "dns",
                {
                    "security_group_id": AFTER,
                    "ip_protocol": "udp",
                    "from_port": 53,
                    "to_port": 53,
                    "cidr_ipv6": "::/0",
                },
                refs={("security_group_id",): "aws_security_group.web"},
            ),
        ],
        """
        Web:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupName: web
            GroupDescription: web tier
            VpcId: vpc-1
            Tags: [{Key: tier, Value: web}]
            SecurityGroupIngress:
              - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: https}
            SecurityGroupEgress:
              - {IpProtocol: "-1", CidrIp: 0.0.0.0/0}
        Ssh:
          Type: AWS::EC2::SecurityGroupIngress
          Properties:
            GroupId: !Ref Web
            IpProtocol: tcp
            FromPort: 22
            ToPort: 22
            CidrIp: 10.0.0.0/8
        Self:
          Type: AWS::EC2::SecurityGroupIngress
          Properties:
            GroupId: !GetAtt Web.GroupId
            IpProtocol: tcp
            FromPort: 8080
            ToPort: 8080
            SourceSecurityGroupId: !GetAtt Web.GroupId
        Dns:
          Type: AWS::EC2::SecurityGroupEgress
          Properties:
            GroupId: !Ref Web
            IpProtocol: "17"
            FromPort: 53
            ToPort: 53
            CidrIpv6: ::/0
        """,
        {"aws_security_group.web": "Web"},
    ),
    Case(
        "aws.ec2.security_group (CloudFormation keeps the default egress)",
        [
            record(
                "aws_security_group",
                "bare",
                {
                    "name": "bare",
                    "description": "bare",
                    "vpc_id": "vpc-1",
                    "egress": [
                        {
                            "protocol": "-1",
                            "from_port": 0,
                            "to_port": 0,
                            "cidr_blocks": ["0.0.0.0/0"],
                        }
                    ],
                },
            )
        ],
        """
        Bare:
          Type: AWS::EC2::SecurityGroup
          Properties: {GroupName: bare, GroupDescription: bare, VpcId: vpc-1}
        """,
        {"aws_security_group.bare": "Bare"},
    ),
    Case(
        "aws.ec2.security_group_rule",
        [
            record(
                "aws_security_group_rule",
                "external",
                {
                    "type": "ingress",
                    "security_group_id": "sg-0123",
                    "protocol": "tcp",
                    "from_port": 5432,
                    "to_port": 5432,
                    "source_security_group_id": "sg-0456",
                },
            )
        ],
        """
        External:
          Type: AWS::EC2::SecurityGroupIngress
          Properties:
            GroupId: sg-0123
            IpProtocol: tcp
            FromPort: 5432
            ToPort: 5432
            SourceSecurityGroupId: sg-0456
        """,
        {"aws_security_group_rule.external": "External"},
    ),
    Case(
        "aws.ec2.instance",
        [
            record(
                "aws_instance",
                "app",
                {
                    "ami": "ami-123",
                    "instance_type": "t3.micro",
                    "subnet_id": "subnet-1",
                    "vpc_security_group_ids": ["sg-2", "sg-1"],
                    "iam_instance_profile": "app-profile",
                    "associate_public_ip_address": False,
                    "monitoring": True,
                    "ebs_optimized": True,
                    "key_name": "ops",
                    "metadata_options": [
                        {
                            "http_endpoint": "enabled",
                            "http_tokens": "required",
                            "http_put_response_hop_limit": 1,
                            "instance_metadata_tags": "disabled",
                        }
                    ],
                    "root_block_device": [
                        {
                            "encrypted": True,
                            "kms_key_id": "alias/ebs",
                            "volume_size": 20,
                            "volume_type": "gp3",
                            "delete_on_termination": True,
                        }
                    ],
                    "ebs_block_device": [
                        {
                            "device_name": "/dev/sdf",
                            "encrypted": False,
                            "volume_size": 50,
                            "volume_type": "gp3",
                            "delete_on_termination": False,
                        }
                    ],
                    "tags": {"Name": "app"},
                },
            )
        ],
        """
        App:
          Type: AWS::EC2::Instance
          Properties:
            ImageId: ami-123
            InstanceType: t3.micro
            IamInstanceProfile: app-profile
            Monitoring: true
            EbsOptimized: true
            KeyName: ops
            NetworkInterfaces:
              - DeviceIndex: "0"
                SubnetId: subnet-1
                GroupSet: [sg-1, sg-2]
                AssociatePublicIpAddress: false
            MetadataOptions:
              HttpEndpoint: enabled
              HttpTokens: required
              HttpPutResponseHopLimit: 1
            BlockDeviceMappings:
              - DeviceName: /dev/sdf
                Ebs: {Encrypted: false, VolumeSize: 50, VolumeType: gp3, DeleteOnTermination: false}
              - DeviceName: /dev/xvda
                Ebs: {Encrypted: true, KmsKeyId: alias/ebs, VolumeSize: 20, VolumeType: gp3}
            Tags: [{Key: Name, Value: app}]
        """,
        {"aws_instance.app": "App"},
    ),
    Case(
        "aws.ec2.volume",
        [
            record(
                "aws_ebs_volume",
                "data",
                {
                    "availability_zone": "eu-west-1a",
                    "size": 100,
                    "type": "gp3",
                    "encrypted": True,
                    "kms_key_id": "alias/ebs",
                    "iops": 3000,
                    "tags": {"Name": "data"},
                },
            )
        ],
        """
        Data:
          Type: AWS::EC2::Volume
          Properties:
            AvailabilityZone: eu-west-1a
            Size: 100
            VolumeType: gp3
            Encrypted: true
            KmsKeyId: alias/ebs
            Iops: 3000
            Tags: [{Key: Name, Value: data}]
        """,
        {"aws_ebs_volume.data": "Data"},
    ),
    Case(
        "aws.ec2.vpc, aws.ec2.subnet, aws.ec2.flow_log",
        [
            record(
                "aws_vpc",
                "main",
                {
                    "cidr_block": "10.0.0.0/16",
                    "enable_dns_hostnames": True,
                    "tags": {"Name": "main"},
                },
            ),
            record(
                "aws_subnet",
                "public",
                {
                    "vpc_id": AFTER,
                    "cidr_block": "10.0.1.0/24",
                    "availability_zone": "eu-west-1a",
                    "map_public_ip_on_launch": True,
                },
                refs={("vpc_id",): "aws_vpc.main"},
            ),
            record(
                "aws_flow_log",
                "main",
                {
                    "vpc_id": AFTER,
                    "traffic_type": "REJECT",
                    "log_destination_type": "s3",
                    "log_destination": "arn:aws:s3:::flow-logs",
                    "max_aggregation_interval": 60,
                },
                refs={("vpc_id",): "aws_vpc.main"},
            ),
        ],
        """
        Main:
          Type: AWS::EC2::VPC
          Properties:
            CidrBlock: 10.0.0.0/16
            EnableDnsHostnames: true
            Tags: [{Key: Name, Value: main}]
        Public:
          Type: AWS::EC2::Subnet
          Properties:
            VpcId: !Ref Main
            CidrBlock: 10.0.1.0/24
            AvailabilityZone: eu-west-1a
            MapPublicIpOnLaunch: true
        MainFlowLog:
          Type: AWS::EC2::FlowLog
          Properties:
            ResourceId: !Ref Main
            ResourceType: VPC
            TrafficType: REJECT
            LogDestinationType: s3
            LogDestination: arn:aws:s3:::flow-logs
            MaxAggregationInterval: 60
        """,
        {"aws_vpc.main": "Main", "aws_subnet.public": "Public", "aws_flow_log.main": "MainFlowLog"},
    ),
    Case(
        "aws.iam.role, aws.iam.policy",
        [
            record(
                "aws_iam_role",
                "app",
                {
                    "name": "app",
                    "path": "/app/",
                    "description": "the app",
                    "assume_role_policy": json.dumps(TRUST),
                    "max_session_duration": 7200,
                    "permissions_boundary": "arn:aws:iam::123456789012:policy/boundary",
                    "tags": {"team": "a"},
                },
            ),
            record(
                "aws_iam_role_policy",
                "inline",
                {"role": AFTER, "name": "read", "policy": json.dumps(policy("s3:GetObject"))},
                refs={("role",): "aws_iam_role.app"},
            ),
            record(
                "aws_iam_role_policy_attachment",
                "readonly",
                {"role": "app", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
            ),
            record(
                "aws_iam_role_policy_attachment",
                "custom",
                {"role": AFTER, "policy_arn": AFTER},
                refs={("role",): "aws_iam_role.app", ("policy_arn",): "aws_iam_policy.custom"},
            ),
            record(
                "aws_iam_policy",
                "custom",
                {
                    "name": "custom",
                    "path": "/app/",
                    "description": "custom access",
                    "policy": json.dumps(policy("sqs:SendMessage")),
                },
            ),
        ],
        f"""
        App:
          Type: AWS::IAM::Role
          Properties:
            RoleName: app
            Path: /app/
            Description: the app
            AssumeRolePolicyDocument: {yaml_json(TRUST)}
            MaxSessionDuration: 7200
            PermissionsBoundary: arn:aws:iam::123456789012:policy/boundary
            Tags: [{{Key: team, Value: a}}]
            ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
        Inline:
          Type: AWS::IAM::Policy
          Properties:
            PolicyName: read
            Roles: [!Ref App]
            PolicyDocument: {yaml_json(policy("s3:GetObject"))}
        Custom:
          Type: AWS::IAM::ManagedPolicy
          Properties:
            ManagedPolicyName: custom
            Path: /app/
            Description: custom access
            Roles: [!Ref App]
            PolicyDocument: {yaml_json(policy("sqs:SendMessage"))}
        """,
        {"aws_iam_role.app": "App", "aws_iam_policy.custom": "Custom"},
    ),
    Case(
        "aws.iam.user, aws.iam.group, aws.iam.access_key",
        [
            record(
                "aws_iam_user",
                "alice",
                {"name": "alice", "path": "/people/", "tags": {"team": "ops"}},
            ),
            record(
                "aws_iam_user_login_profile",
                "alice",
                {"user": AFTER, "password_reset_required": True},
                refs={("user",): "aws_iam_user.alice"},
            ),
            record(
                "aws_iam_user_group_membership",
                "alice",
                {"user": "alice", "groups": ["devs", "auditors"]},
            ),
            record(
                "aws_iam_user_policy_attachment",
                "alice",
                {"user": "alice", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
            ),
            record("aws_iam_group", "devs", {"name": "devs", "path": "/"}),
            record(
                "aws_iam_group_policy",
                "devs",
                {"group": AFTER, "name": "deploy", "policy": json.dumps(policy("ecs:*"))},
                refs={("group",): "aws_iam_group.devs"},
            ),
            record("aws_iam_access_key", "alice", {"user": "alice", "status": "Inactive"}),
        ],
        f"""
        Alice:
          Type: AWS::IAM::User
          Properties:
            UserName: alice
            Path: /people/
            Tags: [{{Key: team, Value: ops}}]
            LoginProfile: {{PasswordResetRequired: true}}
            Groups: [devs]
            ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
        Auditors:
          Type: AWS::IAM::UserToGroupAddition
          Properties:
            GroupName: auditors
            Users: [!Ref Alice]
        Devs:
          Type: AWS::IAM::Group
          Properties:
            GroupName: devs
            Policies:
              - PolicyName: deploy
                PolicyDocument: {yaml_json(policy("ecs:*"))}
        Key:
          Type: AWS::IAM::AccessKey
          Properties: {{UserName: alice, Status: Inactive}}
        """,
        {
            "aws_iam_user.alice": "Alice",
            "aws_iam_group.devs": "Devs",
            "aws_iam_access_key.alice": "Key",
        },
    ),
    Case(
        "aws.iam.instance_profile",
        [record("aws_iam_instance_profile", "app", {"name": "app", "role": "app-role"})],
        """
        Profile:
          Type: AWS::IAM::InstanceProfile
          Properties: {InstanceProfileName: app, Roles: [app-role]}
        """,
        {"aws_iam_instance_profile.app": "Profile"},
    ),
    Case(
        "aws.rds.db_instance",
        [
            record(
                "aws_db_instance",
                "db",
                {
                    "identifier": "orders",
                    "engine": "postgres",
                    "engine_version": "16.3",
                    "instance_class": "db.t3.micro",
                    "allocated_storage": 20,
                    "storage_type": "gp3",
                    "storage_encrypted": True,
                    "kms_key_id": "alias/rds",
                    "publicly_accessible": False,
                    "multi_az": True,
                    "auto_minor_version_upgrade": False,
                    "monitoring_interval": 60,
                    "performance_insights_enabled": True,
                    "performance_insights_kms_key_id": "alias/pi",
                    "ca_cert_identifier": "rds-ca-rsa2048-g1",
                    "backup_retention_period": 7,
                    "deletion_protection": True,
                    "iam_database_authentication_enabled": True,
                    "copy_tags_to_snapshot": True,
                    "db_subnet_group_name": "private",
                    "enabled_cloudwatch_logs_exports": ["postgresql", "upgrade"],
                    "username": "admin",
                    "password": Unknown("var.secret has no value"),
                    "vpc_security_group_ids": ["sg-db"],
                    "tags": {"app": "orders"},
                },
            ),
            record(
                "aws_rds_cluster_instance",
                "member",
                {
                    "identifier": "member-1",
                    "cluster_identifier": "aurora",
                    "instance_class": "db.r6g.large",
                    "publicly_accessible": False,
                },
            ),
        ],
        """
        Db:
          Type: AWS::RDS::DBInstance
          Properties:
            DBInstanceIdentifier: orders
            Engine: postgres
            EngineVersion: "16.3"
            DBInstanceClass: db.t3.micro
            AllocatedStorage: "20"
            StorageType: gp3
            StorageEncrypted: true
            KmsKeyId: alias/rds
            PubliclyAccessible: false
            MultiAZ: true
            AutoMinorVersionUpgrade: false
            MonitoringInterval: 60
            EnablePerformanceInsights: true
            PerformanceInsightsKMSKeyId: alias/pi
            CACertificateIdentifier: rds-ca-rsa2048-g1
            BackupRetentionPeriod: 7
            DeletionProtection: true
            EnableIAMDatabaseAuthentication: true
            CopyTagsToSnapshot: true
            DBSubnetGroupName: private
            EnableCloudwatchLogsExports: [upgrade, postgresql]
            MasterUsername: admin
            MasterUserPassword: !Ref Secret
            VPCSecurityGroups: [sg-db]
            Tags: [{Key: app, Value: orders}]
        Member:
          Type: AWS::RDS::DBInstance
          Properties:
            DBInstanceIdentifier: member-1
            DBClusterIdentifier: aurora
            DBInstanceClass: db.r6g.large
            PubliclyAccessible: false
        """,
        {"aws_db_instance.db": "Db", "aws_rds_cluster_instance.member": "Member"},
    ),
    Case(
        "aws.rds.db_cluster",
        [
            record(
                "aws_rds_cluster",
                "aurora",
                {
                    "cluster_identifier": "aurora",
                    "engine": "aurora-postgresql",
                    "engine_version": "16.2",
                    "storage_encrypted": True,
                    "kms_key_id": "alias/rds",
                    "backup_retention_period": 14,
                    "deletion_protection": True,
                    "iam_database_authentication_enabled": True,
                    "copy_tags_to_snapshot": True,
                    "db_subnet_group_name": "private",
                    "enabled_cloudwatch_logs_exports": ["postgresql"],
                    "master_username": "admin",
                    "vpc_security_group_ids": ["sg-db"],
                },
            )
        ],
        """
        Aurora:
          Type: AWS::RDS::DBCluster
          Properties:
            DBClusterIdentifier: aurora
            Engine: aurora-postgresql
            EngineVersion: "16.2"
            StorageEncrypted: true
            KmsKeyId: alias/rds
            BackupRetentionPeriod: 14
            DeletionProtection: true
            EnableIAMDatabaseAuthentication: true
            CopyTagsToSnapshot: true
            DBSubnetGroupName: private
            EnableCloudwatchLogsExports: [postgresql]
            MasterUsername: admin
            VpcSecurityGroupIds: [sg-db]
        """,
        {"aws_rds_cluster.aurora": "Aurora"},
    ),
    Case(
        "aws.kms.key",
        [
            record(
                "aws_kms_key",
                "app",
                {
                    "description": "app data",
                    "enable_key_rotation": True,
                    "rotation_period_in_days": 180,
                    "policy": json.dumps(policy("kms:*", principal={"AWS": "123456789012"})),
                    "tags": {"app": "x"},
                },
            ),
            record(
                "aws_kms_alias",
                "app",
                {"name": "alias/app", "target_key_id": AFTER},
                refs={("target_key_id",): "aws_kms_key.app"},
            ),
        ],
        f"""
        AppKey:
          Type: AWS::KMS::Key
          Properties:
            Description: app data
            EnableKeyRotation: true
            RotationPeriodInDays: 180
            KeyPolicy: {yaml_json(policy("kms:*", principal={"AWS": "123456789012"}))}
            Tags: [{{Key: app, Value: x}}]
        AppAlias:
          Type: AWS::KMS::Alias
          Properties: {{AliasName: alias/app, TargetKeyId: !Ref AppKey}}
        """,
        {"aws_kms_key.app": "AppKey"},
    ),
    Case(
        "aws.cloudtrail.trail",
        [
            record(
                "aws_cloudtrail",
                "main",
                {
                    "name": "main",
                    "s3_bucket_name": "trail-logs",
                    "s3_key_prefix": "org",
                    "is_multi_region_trail": True,
                    "enable_log_file_validation": True,
                    "kms_key_id": "alias/trail",
                    "cloud_watch_logs_group_arn": "arn:aws:logs:eu-west-1:1:log-group:trail:*",
                    "cloud_watch_logs_role_arn": "arn:aws:iam::1:role/trail",
                    "sns_topic_name": "trail",
                    "enable_logging": True,
                    "tags": {"a": "b"},
                },
            )
        ],
        """
        Main:
          Type: AWS::CloudTrail::Trail
          Properties:
            TrailName: main
            S3BucketName: trail-logs
            S3KeyPrefix: org
            IsMultiRegionTrail: true
            EnableLogFileValidation: true
            KMSKeyId: alias/trail
            CloudWatchLogsLogGroupArn: "arn:aws:logs:eu-west-1:1:log-group:trail:*"
            CloudWatchLogsRoleArn: arn:aws:iam::1:role/trail
            SnsTopicName: trail
            IsLogging: true
            Tags: [{Key: a, Value: b}]
        """,
        {"aws_cloudtrail.main": "Main"},
    ),
    Case(
        "aws.lambda.function",
        [
            record(
                "aws_lambda_function",
                "fn",
                {
                    "function_name": "worker",
                    "role": "arn:aws:iam::1:role/worker",
                    "runtime": "python3.12",
                    "handler": "app.handler",
                    "memory_size": 256,
                    "timeout": 30,
                    "kms_key_arn": "arn:aws:kms:eu-west-1:1:key/k",
                    "environment": [{"variables": {"MODE": "prod"}}],
                    "tracing_config": [{"mode": "Active"}],
                    "vpc_config": [
                        {"subnet_ids": ["subnet-b", "subnet-a"], "security_group_ids": ["sg-1"]}
                    ],
                    "dead_letter_config": [{"target_arn": "arn:aws:sqs:eu-west-1:1:dlq"}],
                    "reserved_concurrent_executions": 5,
                    "layers": ["arn:layer:2", "arn:layer:1"],
                    "architectures": ["arm64"],
                    "tags": {"app": "w"},
                },
            ),
            record(
                "aws_lambda_function_url",
                "fn",
                {"function_name": AFTER, "authorization_type": "AWS_IAM"},
                refs={("function_name",): "aws_lambda_function.fn"},
            ),
        ],
        """
        Fn:
          Type: AWS::Lambda::Function
          Properties:
            FunctionName: worker
            Role: arn:aws:iam::1:role/worker
            Runtime: python3.12
            Handler: app.handler
            Code: {ZipFile: "def handler(e, c): pass"}
            MemorySize: 256
            Timeout: 30
            KmsKeyArn: arn:aws:kms:eu-west-1:1:key/k
            Environment: {Variables: {MODE: prod}}
            TracingConfig: {Mode: Active}
            VpcConfig: {SubnetIds: [subnet-a, subnet-b], SecurityGroupIds: [sg-1]}
            DeadLetterConfig: {TargetArn: "arn:aws:sqs:eu-west-1:1:dlq"}
            ReservedConcurrentExecutions: 5
            Layers: ["arn:layer:2", "arn:layer:1"]
            Architectures: [arm64]
            Tags: [{Key: app, Value: w}]
        FnUrl:
          Type: AWS::Lambda::Url
          Properties: {TargetFunctionArn: !GetAtt Fn.Arn, AuthType: AWS_IAM}
        """,
        {"aws_lambda_function.fn": "Fn"},
    ),
    Case(
        "aws.dynamodb.table",
        [
            record(
                "aws_dynamodb_table",
                "orders",
                {
                    "name": "orders",
                    "billing_mode": "PAY_PER_REQUEST",
                    "hash_key": "pk",
                    "range_key": "sk",
                    "deletion_protection_enabled": True,
                    "stream_enabled": True,
                    "server_side_encryption": [{"enabled": True, "kms_key_arn": "alias/ddb"}],
                    "point_in_time_recovery": [{"enabled": True}],
                    "tags": {"app": "o"},
                },
            )
        ],
        """
        Orders:
          Type: AWS::DynamoDB::Table
          Properties:
            TableName: orders
            BillingMode: PAY_PER_REQUEST
            AttributeDefinitions:
              - {AttributeName: pk, AttributeType: S}
              - {AttributeName: sk, AttributeType: S}
            KeySchema:
              - {AttributeName: pk, KeyType: HASH}
              - {AttributeName: sk, KeyType: RANGE}
            DeletionProtectionEnabled: true
            StreamSpecification: {StreamViewType: NEW_IMAGE}
            SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: alias/ddb}
            PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}
            Tags: [{Key: app, Value: o}]
        """,
        {"aws_dynamodb_table.orders": "Orders"},
    ),
    Case(
        "aws.sqs.queue, aws.sns.topic",
        [
            record(
                "aws_sqs_queue",
                "jobs",
                {
                    "name": "jobs",
                    "kms_master_key_id": "alias/sqs",
                    "kms_data_key_reuse_period_seconds": 600,
                    "visibility_timeout_seconds": 60,
                    "message_retention_seconds": 86400,
                    "delay_seconds": 5,
                    "max_message_size": 1024,
                    "receive_wait_time_seconds": 10,
                    "redrive_policy": json.dumps(
                        {"deadLetterTargetArn": "arn:aws:sqs:eu-west-1:1:dlq", "maxReceiveCount": 3}
                    ),
                    "tags": {"app": "j"},
                },
            ),
            record(
                "aws_sqs_queue_policy",
                "jobs",
                {"queue_url": AFTER, "policy": json.dumps(policy("sqs:SendMessage"))},
                refs={("queue_url",): "aws_sqs_queue.jobs"},
            ),
            record(
                "aws_sns_topic",
                "events",
                {"name": "events", "kms_master_key_id": "alias/sns", "tags": {"app": "e"}},
            ),
            record(
                "aws_sns_topic_policy",
                "events",
                {"arn": AFTER, "policy": json.dumps(policy("sns:Publish"))},
                refs={("arn",): "aws_sns_topic.events"},
            ),
        ],
        f"""
        Jobs:
          Type: AWS::SQS::Queue
          Properties:
            QueueName: jobs
            KmsMasterKeyId: alias/sqs
            KmsDataKeyReusePeriodSeconds: 600
            VisibilityTimeout: 60
            MessageRetentionPeriod: 86400
            DelaySeconds: 5
            MaximumMessageSize: 1024
            ReceiveMessageWaitTimeSeconds: 10
            RedrivePolicy:
              deadLetterTargetArn: "arn:aws:sqs:eu-west-1:1:dlq"
              maxReceiveCount: 3
            Tags: [{{Key: app, Value: j}}]
        JobsPolicy:
          Type: AWS::SQS::QueuePolicy
          Properties:
            Queues: [!Ref Jobs]
            PolicyDocument: {yaml_json(policy("sqs:SendMessage"))}
        Events:
          Type: AWS::SNS::Topic
          Properties:
            TopicName: events
            KmsMasterKeyId: alias/sns
            Tags: [{{Key: app, Value: e}}]
        EventsPolicy:
          Type: AWS::SNS::TopicPolicy
          Properties:
            Topics: [!Ref Events]
            PolicyDocument: {yaml_json(policy("sns:Publish"))}
        """,
        {"aws_sqs_queue.jobs": "Jobs", "aws_sns_topic.events": "Events"},
    ),
    Case(
        "aws.eks.cluster",
        [
            record(
                "aws_eks_cluster",
                "main",
                {
                    "name": "main",
                    "role_arn": "arn:aws:iam::1:role/eks",
                    "version": "1.30",
                    "enabled_cluster_log_types": ["audit", "api"],
                    "vpc_config": [
                        {
                            "endpoint_public_access": False,
                            "endpoint_private_access": True,
                            "subnet_ids": ["subnet-1", "subnet-2"],
                            "security_group_ids": ["sg-eks"],
                        }
                    ],
                    "encryption_config": [
                        {"resources": ["secrets"], "provider": [{"key_arn": "arn:kms:eks"}]}
                    ],
                    "tags": {"c": "main"},
                },
            )
        ],
        """
        Main:
          Type: AWS::EKS::Cluster
          Properties:
            Name: main
            RoleArn: arn:aws:iam::1:role/eks
            Version: "1.30"
            Logging:
              ClusterLogging:
                EnabledTypes: [{Type: api}, {Type: audit}]
            ResourcesVpcConfig:
              EndpointPublicAccess: false
              EndpointPrivateAccess: true
              SubnetIds: [subnet-1, subnet-2]
              SecurityGroupIds: [sg-eks]
            EncryptionConfig:
              - Resources: [secrets]
                Provider: {KeyArn: "arn:kms:eks"}
            Tags: [{Key: c, Value: main}]
        """,
        {"aws_eks_cluster.main": "Main"},
    ),
    Case(
        "aws.elbv2.load_balancer, aws.elbv2.listener",
        [
            record(
                "aws_lb",
                "web",
                {
                    "name": "web",
                    "load_balancer_type": "application",
                    "internal": False,
                    "subnets": ["subnet-1", "subnet-2"],
                    "security_groups": ["sg-lb"],
                    "drop_invalid_header_fields": True,
                    "enable_deletion_protection": True,
                    "idle_timeout": 120,
                    "desync_mitigation_mode": "strictest",
                    "access_logs": [{"enabled": True, "bucket": "lb-logs", "prefix": "web"}],
                    "tags": {"app": "web"},
                },
            ),
            record(
                "aws_lb_listener",
                "https",
                {
                    "load_balancer_arn": AFTER,
                    "port": 443,
                    "protocol": "HTTPS",
                    "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                    "certificate_arn": "arn:acm:cert",
                    "default_action": [{"type": "forward", "target_group_arn": "arn:tg"}],
                },
                refs={("load_balancer_arn",): "aws_lb.web"},
            ),
            record(
                "aws_lb_listener",
                "http",
                {
                    "load_balancer_arn": AFTER,
                    "port": 80,
                    "protocol": "HTTP",
                    "default_action": [
                        {
                            "type": "redirect",
                            "redirect": [
                                {"port": "443", "protocol": "HTTPS", "status_code": "HTTP_301"}
                            ],
                        }
                    ],
                },
                refs={("load_balancer_arn",): "aws_lb.web"},
            ),
        ],
        """
        Web:
          Type: AWS::ElasticLoadBalancingV2::LoadBalancer
          Properties:
            Name: web
            Type: application
            Scheme: internet-facing
            Subnets: [subnet-2, subnet-1]
            SecurityGroups: [sg-lb]
            LoadBalancerAttributes:
              - {Key: routing.http.drop_invalid_header_fields.enabled, Value: "true"}
              - {Key: deletion_protection.enabled, Value: "true"}
              - {Key: idle_timeout.timeout_seconds, Value: "120"}
              - {Key: routing.http.desync_mitigation_mode, Value: strictest}
              - {Key: access_logs.s3.enabled, Value: "true"}
              - {Key: access_logs.s3.bucket, Value: lb-logs}
              - {Key: access_logs.s3.prefix, Value: web}
            Tags: [{Key: app, Value: web}]
        Https:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Web
            Port: 443
            Protocol: HTTPS
            SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
            Certificates: [{CertificateArn: "arn:acm:cert"}]
            DefaultActions: [{Type: forward, TargetGroupArn: "arn:tg"}]
        Http:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Web
            Port: 80
            Protocol: HTTP
            DefaultActions:
              - Type: redirect
                RedirectConfig: {Port: 443, Protocol: HTTPS, StatusCode: HTTP_301}
        """,
        {"aws_lb.web": "Web", "aws_lb_listener.https": "Https", "aws_lb_listener.http": "Http"},
    ),
    Case(
        "aws.ecr.repository",
        [
            record(
                "aws_ecr_repository",
                "app",
                {
                    "name": "app",
                    "image_tag_mutability": "IMMUTABLE",
                    "image_scanning_configuration": [{"scan_on_push": True}],
                    "encryption_configuration": [
                        {"encryption_type": "KMS", "kms_key": "alias/ecr"}
                    ],
                    "tags": {"app": "a"},
                },
            ),
            record(
                "aws_ecr_repository_policy",
                "app",
                {
                    "repository": "app",
                    "policy": json.dumps(policy("ecr:BatchGetImage", principal="*")),
                },
            ),
        ],
        f"""
        App:
          Type: AWS::ECR::Repository
          Properties:
            RepositoryName: app
            ImageTagMutability: IMMUTABLE
            ImageScanningConfiguration: {{ScanOnPush: true}}
            EncryptionConfiguration: {{EncryptionType: KMS, KmsKey: alias/ecr}}
            RepositoryPolicyText: {yaml_json(policy("ecr:BatchGetImage", principal="*"))}
            Tags: [{{Key: app, Value: a}}]
        """,
        {"aws_ecr_repository.app": "App"},
    ),
    Case(
        "aws.secretsmanager.secret",
        [
            record(
                "aws_secretsmanager_secret",
                "db",
                {
                    "name": "db",
                    "description": "db creds",
                    "kms_key_id": "alias/sm",
                    "tags": {"a": "b"},
                },
            ),
            record(
                "aws_secretsmanager_secret_rotation",
                "db",
                {
                    "secret_id": AFTER,
                    "rotation_lambda_arn": "arn:aws:lambda:eu-west-1:1:function:rotate",
                    "rotation_rules": [{"automatically_after_days": 30}],
                },
                refs={("secret_id",): "aws_secretsmanager_secret.db"},
            ),
            record(
                "aws_secretsmanager_secret_policy",
                "db",
                {
                    "secret_arn": AFTER,
                    "policy": json.dumps(policy("secretsmanager:GetSecretValue")),
                },
                refs={("secret_arn",): "aws_secretsmanager_secret.db"},
            ),
        ],
        f"""
        Db:
          Type: AWS::SecretsManager::Secret
          Properties:
            Name: db
            Description: db creds
            KmsKeyId: alias/sm
            Tags: [{{Key: a, Value: b}}]
        DbRotation:
          Type: AWS::SecretsManager::RotationSchedule
          Properties:
            SecretId: !Ref Db
            RotationLambdaARN: "arn:aws:lambda:eu-west-1:1:function:rotate"
            RotationRules: {{AutomaticallyAfterDays: 30}}
        DbPolicy:
          Type: AWS::SecretsManager::ResourcePolicy
          Properties:
            SecretId: !Ref Db
            ResourcePolicy: {yaml_json(policy("secretsmanager:GetSecretValue"))}
        """,
        {"aws_secretsmanager_secret.db": "Db"},
    ),
    Case(
        "aws.logs.log_group",
        [
            record(
                "aws_cloudwatch_log_group",
                "app",
                {"name": "/app", "kms_key_id": "arn:kms:logs", "retention_in_days": 90, "tags": {}},
            ),
            record("aws_cloudwatch_log_group", "forever", {"name": "/forever"}),
        ],
        """
        App:
          Type: AWS::Logs::LogGroup
          Properties: {LogGroupName: /app, KmsKeyId: "arn:kms:logs", RetentionInDays: 90}
        Forever:
          Type: AWS::Logs::LogGroup
          Properties: {LogGroupName: /forever}
        """,
        {"aws_cloudwatch_log_group.app": "App", "aws_cloudwatch_log_group.forever": "Forever"},
    ),
    Case(
        "aws.apigateway.stage",
        [
            record(
                "aws_api_gateway_stage",
                "prod",
                {
                    "rest_api_id": "api123",
                    "stage_name": "prod",
                    "deployment_id": "dep1",
                    "xray_tracing_enabled": True,
                    "access_log_settings": [
                        {"destination_arn": "arn:logs:api", "format": "$context.requestId"}
                    ],
                    "tags": {"s": "prod"},
                },
            ),
            record(
                "aws_api_gateway_method_settings",
                "all",
                {
                    "stage_name": AFTER,
                    "method_path": "*/*",
                    "settings": [{"logging_level": "INFO", "metrics_enabled": True}],
                },
                refs={("stage_name",): "aws_api_gateway_stage.prod"},
            ),
        ],
        """
        Prod:
          Type: AWS::ApiGateway::Stage
          Properties:
            RestApiId: api123
            StageName: prod
            DeploymentId: dep1
            TracingEnabled: true
            AccessLogSetting: {DestinationArn: "arn:logs:api", Format: $context.requestId}
            MethodSettings:
              - {ResourcePath: /*, HttpMethod: "*", LoggingLevel: INFO, MetricsEnabled: true}
            Tags: [{Key: s, Value: prod}]
        """,
        {"aws_api_gateway_stage.prod": "Prod"},
    ),
    Case(
        "aws.cloudfront.distribution",
        [
            record(
                "aws_cloudfront_distribution",
                "site",
                {
                    "enabled": True,
                    "aliases": ["www.example.com"],
                    "default_root_object": "index.html",
                    "price_class": "PriceClass_100",
                    "http_version": "http2",
                    "is_ipv6_enabled": True,
                    "web_acl_id": "arn:waf",
                    "logging_config": [{"bucket": "logs.s3.amazonaws.com", "prefix": "cf/"}],
                    "viewer_certificate": [
                        {
                            "acm_certificate_arn": "arn:acm:cert",
                            "minimum_protocol_version": "TLSv1.2_2021",
                            "ssl_support_method": "sni-only",
                        }
                    ],
                    "origin": [
                        {
                            "origin_id": "s3",
                            "domain_name": "site.s3.amazonaws.com",
                            "origin_access_control_id": "oac-1",
                        },
                        {
                            "origin_id": "api",
                            "domain_name": "api.example.com",
                            "custom_origin_config": [
                                {
                                    "origin_protocol_policy": "https-only",
                                    "origin_ssl_protocols": ["TLSv1.2"],
                                    "http_port": 80,
                                    "https_port": 443,
                                }
                            ],
                        },
                    ],
                    "default_cache_behavior": [
                        {
                            "target_origin_id": "s3",
                            "viewer_protocol_policy": "redirect-to-https",
                            "allowed_methods": ["GET", "HEAD"],
                        }
                    ],
                    "ordered_cache_behavior": [
                        {
                            "path_pattern": "/api/*",
                            "target_origin_id": "api",
                            "viewer_protocol_policy": "https-only",
                            "allowed_methods": ["GET", "HEAD", "OPTIONS"],
                        }
                    ],
                    "restrictions": [
                        {
                            "geo_restriction": [
                                {"restriction_type": "blacklist", "locations": ["RU", "KP"]}
                            ]
                        }
                    ],
                    "tags": {"site": "www"},
                },
            )
        ],
        """
        Site:
          Type: AWS::CloudFront::Distribution
          Properties:
            DistributionConfig:
              Enabled: true
              Aliases: [www.example.com]
              DefaultRootObject: index.html
              PriceClass: PriceClass_100
              HttpVersion: http2
              IPV6Enabled: true
              WebACLId: arn:waf
              Logging: {Bucket: logs.s3.amazonaws.com, Prefix: cf/}
              ViewerCertificate:
                AcmCertificateArn: arn:acm:cert
                MinimumProtocolVersion: TLSv1.2_2021
                SslSupportMethod: sni-only
              Origins:
                - Id: api
                  DomainName: api.example.com
                  CustomOriginConfig:
                    OriginProtocolPolicy: https-only
                    OriginSSLProtocols: [TLSv1.2]
                - Id: s3
                  DomainName: site.s3.amazonaws.com
                  OriginAccessControlId: oac-1
                  S3OriginConfig: {OriginAccessIdentity: ""}
              DefaultCacheBehavior:
                TargetOriginId: s3
                ViewerProtocolPolicy: redirect-to-https
              CacheBehaviors:
                - PathPattern: /api/*
                  TargetOriginId: api
                  ViewerProtocolPolicy: https-only
                  AllowedMethods: [OPTIONS, GET, HEAD]
              Restrictions:
                GeoRestriction: {RestrictionType: blacklist, Locations: [KP, RU]}
            Tags: [{Key: site, Value: www}]
        """,
        {"aws_cloudfront_distribution.site": "Site"},
    ),
]

PARAMETERS = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Secret: {Type: String, NoEcho: true}
Resources:
"""


def masked(value: Any) -> Any:
    if isinstance(value, Unknown):
        return MASK
    if isinstance(value, dict):
        return {k: masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v) for v in value]
    return value


def terraform_side(case: Case) -> dict[str, Resource]:
    normalized = tf_resources(case.terraform, scope="main", source="terraform")
    return {r.address: r for r in normalized.resources}


def cloudformation_side(case: Case) -> dict[str, Resource]:
    text = PARAMETERS + textwrap.indent(textwrap.dedent(case.cloudformation).strip() + "\n", "  ")
    documents, tags = route.parse(text, "template.yaml")
    result = read_template(documents[0], "template.yaml", path=None, root=None, rain=tags.rain)
    assert [d.message for d in result.diagnostics] == []
    normalized = cfn_normalize.to_resources(result.records)
    return {r.address: r for r in normalized.resources}


@pytest.mark.parametrize("case", CASES, ids=[c.kind for c in CASES])
def test_terraform_and_cloudformation_agree(case: Case) -> None:
    terraform = terraform_side(case)
    cloudformation = cloudformation_side(case)
    for tf_address, cfn_address in case.pairs.items():
        tf, cfn = terraform[tf_address], cloudformation[cfn_address]
        assert tf.kind == cfn.kind
        assert masked(cfn.attributes) == masked(tf.attributes), tf.kind
    checked = [terraform[a] for a in case.pairs] + [cloudformation[a] for a in case.pairs.values()]
    assert schema_errors(checked) == []


def test_every_expressible_kind_has_a_case() -> None:
    """Here, or among the cases derived from the declarations (``test_declared_...``)."""
    covered = {
        resource.kind
        for case in CASES
        for address, resource in cloudformation_side(case).items()
        if address in case.pairs.values()
    } | {p.values[0].name for p in declared_cases() if p.values[1] == "cloudformation"}
    expressible = {
        kind
        for kind, spec in KINDS.items()
        if spec.provider == "aws" and "cloudformation" not in INEXPRESSIBLE.get(kind, ())
    }
    assert expressible - covered == set()


def test_inexpressible_kinds_have_no_cloudformation_type() -> None:
    produced = {
        kind for case in CASES for kind in (r.kind for r in cloudformation_side(case).values())
    }
    assert not produced & {k for k, s in INEXPRESSIBLE.items() if "cloudformation" in s}
