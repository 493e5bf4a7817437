"""One resource (at least) of every collected kind, made with boto3 in moto."""

from __future__ import annotations

import importlib
import io
import json
import pkgutil
import zipfile
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from .motoserver import client
from .world import ASSUME_EC2

LAMBDA_ASSUME = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Principal": {"Service": "lambda.amazonaws.com"},
        }
    ],
}


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return 1\n")
    return buffer.getvalue()


def build_everything(endpoint: str, region: str = "us-east-1") -> dict[str, Any]:
    """Returns the names and ids the tests look for."""
    c = lambda service: client(endpoint, service, region)  # noqa: E731
    made: dict[str, Any] = {}
    s3 = c("s3")
    s3.create_bucket(Bucket="every-bucket")
    s3.put_bucket_policy(
        Bucket="every-bucket",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": "arn:aws:s3:::every-bucket/*",
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    }
                ],
            }
        ),
    )
    iam = c("iam")
    iam.create_role(RoleName="every-role", AssumeRolePolicyDocument=json.dumps(ASSUME_EC2))
    iam.put_role_policy(
        RoleName="every-role",
        PolicyName="inline",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
            }
        ),
    )
    lambda_role = iam.create_role(
        RoleName="every-lambda", AssumeRolePolicyDocument=json.dumps(LAMBDA_ASSUME)
    )["Role"]["Arn"]
    iam.create_group(GroupName="every-group")
    iam.create_user(UserName="every-user", Tags=[{"Key": "team", "Value": "a"}])
    iam.add_user_to_group(GroupName="every-group", UserName="every-user")
    iam.create_login_profile(
        UserName="every-user", Password="Secret-123-abc", PasswordResetRequired=True
    )
    made["access_key"] = iam.create_access_key(UserName="every-user")["AccessKey"]["AccessKeyId"]
    iam.create_policy(
        PolicyName="every-policy",
        PolicyDocument=json.dumps(
            ASSUME_EC2
            | {"Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}
        ),
    )
    iam.create_instance_profile(InstanceProfileName="every-profile")
    iam.add_role_to_instance_profile(InstanceProfileName="every-profile", RoleName="every-role")
    ec2 = c("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.30.1.0/24", AvailabilityZone=f"{region}a")[
        "Subnet"
    ]["SubnetId"]
    subnet_b = ec2.create_subnet(
        VpcId=vpc, CidrBlock="10.30.2.0/24", AvailabilityZone=f"{region}b"
    )["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="every-sg", Description="every", VpcId=vpc)[
        "GroupId"
    ]
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    made["instance"] = ec2.run_instances(
        ImageId=image,
        InstanceType="t3.micro",
        MinCount=1,
        MaxCount=1,
        SubnetId=subnet,
        SecurityGroupIds=[group],
    )["Instances"][0]["InstanceId"]
    made["volume"] = ec2.create_volume(AvailabilityZone=f"{region}a", Size=8, Encrypted=True)[
        "VolumeId"
    ]
    logs = c("logs")
    logs.create_log_group(logGroupName="every-flow")
    made["flow_log"] = ec2.create_flow_logs(
        ResourceIds=[vpc],
        ResourceType="VPC",
        TrafficType="ALL",
        LogGroupName="every-flow",
        DeliverLogsPermissionArn=lambda_role,
    )["FlowLogIds"][0]
    made.update(vpc=vpc, subnet=subnet, security_group=group)
    kms = c("kms")
    key = kms.create_key(Description="every key", Tags=[{"TagKey": "a", "TagValue": "b"}])[
        "KeyMetadata"
    ]
    kms.create_alias(AliasName="alias/every", TargetKeyId=key["KeyId"])
    made["kms_key"] = key["KeyId"]
    rds = c("rds")
    rds.create_db_instance(
        DBInstanceIdentifier="every-db",
        Engine="postgres",
        DBInstanceClass="db.t3.micro",
        AllocatedStorage=20,
        MasterUsername="admin",
        MasterUserPassword="Secret-123-abc",
        StorageEncrypted=True,
    )
    rds.create_db_cluster(
        DBClusterIdentifier="every-cluster",
        Engine="aurora-postgresql",
        MasterUsername="admin",
        MasterUserPassword="Secret-123-abc",
    )
    s3.create_bucket(Bucket="every-trail-logs")
    c("cloudtrail").create_trail(Name="every-trail", S3BucketName="every-trail-logs")
    c("lambda").create_function(
        FunctionName="every-function",
        Runtime="python3.12",
        Role=lambda_role,
        Handler="index.handler",
        Code={"ZipFile": _zip()},
        Environment={"Variables": {"DB_PASSWORD": "hunter2", "LOG_LEVEL": "info"}},
    )
    c("dynamodb").create_table(
        TableName="every-table",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    c("sqs").create_queue(QueueName="every-queue", tags={"team": "a"})
    made["topic"] = c("sns").create_topic(Name="every-topic")["TopicArn"]
    c("eks").create_cluster(
        name="every-eks", roleArn=lambda_role, resourcesVpcConfig={"subnetIds": [subnet, subnet_b]}
    )
    elb = c("elbv2")
    balancer = elb.create_load_balancer(
        Name="every-lb", Subnets=[subnet, subnet_b], SecurityGroups=[group]
    )
    lb_arn = balancer["LoadBalancers"][0]["LoadBalancerArn"]
    target = elb.create_target_group(Name="every-tg", Protocol="HTTP", Port=80, VpcId=vpc)[
        "TargetGroups"
    ][0]
    made["listener"] = elb.create_listener(
        LoadBalancerArn=lb_arn,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": target["TargetGroupArn"]}],
    )["Listeners"][0]["ListenerArn"]
    made["load_balancer"] = lb_arn
    waf = c("wafv2")
    visibility = {
        "SampledRequestsEnabled": True,
        "CloudWatchMetricsEnabled": True,
        "MetricName": "every",
    }
    web_acl = waf.create_web_acl(
        Name="every-acl", Scope="REGIONAL", DefaultAction={"Block": {}}, VisibilityConfig=visibility
    )["Summary"]["ARN"]
    waf.associate_web_acl(WebACLArn=web_acl, ResourceArn=lb_arn)
    made["web_acl"] = web_acl
    c("ecr").create_repository(repositoryName="every-repo")
    made["secret"] = c("secretsmanager").create_secret(Name="every-secret", SecretString="hunter2")[
        "ARN"
    ]
    apigw = c("apigateway")
    api = apigw.create_rest_api(name="every-api")["id"]
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]
    apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    deployment = apigw.create_deployment(restApiId=api)["id"]
    apigw.create_stage(restApiId=api, stageName="prod", deploymentId=deployment)
    made["rest_api"] = api
    made["distribution"] = c("cloudfront").create_distribution(
        DistributionConfig={
            "CallerReference": "every",
            "Comment": "",
            "Enabled": True,
            "Origins": {
                "Quantity": 1,
                "Items": [
                    {
                        "Id": "origin",
                        "DomainName": "every-bucket.s3.amazonaws.com",
                        "S3OriginConfig": {"OriginAccessIdentity": ""},
                    }
                ],
            },
            "DefaultCacheBehavior": {
                "TargetOriginId": "origin",
                "ViewerProtocolPolicy": "redirect-to-https",
                "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
                "MinTTL": 0,
            },
        }
    )["Distribution"]["Id"]
    for module in kind_modules():
        made.update(module.build(c))
    return made


def kind_modules() -> Iterator[ModuleType]:
    """The per-service live test modules (``tests/live/aws/kinds``) that build resources."""
    package = importlib.import_module(f"{__package__}.kinds")
    for found in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{found.name}")
        if hasattr(module, "build"):
            yield module
