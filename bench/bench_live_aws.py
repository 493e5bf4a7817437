"""Live AWS collection at scale, against a real moto server on loopback.

Fills one account with N "units" -- each an S3 bucket (tagged, encrypted, public access
blocked, with a bucket policy), a security group with a rule, an IAM role with an inline
policy and an attached customer policy, that policy, an SQS queue, an SNS topic, a log group
and a DynamoDB table: 9 canonical resources (8 AWS resources and the bucket policy), 14 in
Terraform's counting (encryption, public access block, policy, rule, inline policy and
attachment are resources of their own there) -- then times a full collection of every kind
(all detail calls included) and counts the API calls it made. Run from the repository root::

    python bench/bench_live_aws.py --units 230     # 2,070 canonical resources
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from iacgate.live.aws.api import CallLog  # noqa: E402
from iacgate.live.aws.collect import CollectOptions  # noqa: E402
from iacgate.live.aws.session import Target  # noqa: E402
from iacgate.pipeline import collect_aws as collect  # noqa: E402
from tests.live.aws.motoserver import REGION, client, moto_server, session  # noqa: E402

POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
}
ASSUME = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Principal": {"Service": "ec2.amazonaws.com"},
        }
    ],
}


def unit(endpoint: str, vpc: str, index: int) -> int:
    name = f"bench-{index:04d}"
    s3 = client(endpoint, "s3")
    s3.create_bucket(Bucket=name)
    s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": [{"Key": "unit", "Value": name}]})
    s3.put_bucket_encryption(
        Bucket=name,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]
        },
    )
    s3.put_public_access_block(
        Bucket=name,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_policy(
        Bucket=name,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": f"arn:aws:s3:::{name}/*",
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    }
                ],
            }
        ),
    )
    ec2 = client(endpoint, "ec2")
    group = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 443,
                "ToPort": 443,
                "IpRanges": [{"CidrIp": "10.0.0.0/8"}],
            }
        ],
    )
    iam = client(endpoint, "iam")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(ASSUME))
    iam.put_role_policy(RoleName=name, PolicyName="inline", PolicyDocument=json.dumps(POLICY))
    arn = iam.create_policy(PolicyName=name, PolicyDocument=json.dumps(POLICY))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName=name, PolicyArn=arn)
    client(endpoint, "sqs").create_queue(QueueName=name)
    client(endpoint, "sns").create_topic(Name=name)
    client(endpoint, "logs").create_log_group(logGroupName=f"/bench/{name}")
    client(endpoint, "dynamodb").create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return 9  # canonical resources


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--units", type=int, default=230, help="9 resources each (default: 230)")
    parser.add_argument("--runs", type=int, default=3, help="collections to time (median)")
    parser.add_argument("--service-workers", type=int, default=4)
    args = parser.parse_args()
    with moto_server() as endpoint:
        started = time.perf_counter()
        vpc = client(endpoint, "ec2").create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
        with ThreadPoolExecutor(8) as pool:
            made = sum(pool.map(lambda i: unit(endpoint, vpc, i), range(args.units)))
        print(
            f"created {args.units} units: {made} canonical resources "
            f"({args.units * 14} in Terraform's counting) in {time.perf_counter() - started:.1f} s"
        )
        times: list[float] = []
        for _ in range(args.runs):
            log = CallLog()
            options = CollectOptions(service_workers=args.service_workers, log=log)
            started = time.perf_counter()
            snapshot = collect(
                Target(regions=(REGION,), endpoint_url=endpoint), options, session=session()
            )
            times.append(time.perf_counter() - started)
        gaps = [f"{g.kind} ({g.where}): {g.status.value}" for g in snapshot.coverage.gaps]
        print(
            f"collected {len(snapshot.resources)} canonical resources "
            f"({snapshot.coverage.complete}/{snapshot.coverage.attempted} kind lists complete)"
        )
        print(
            f"wall time: median {statistics.median(times):.2f} s over {len(times)} runs "
            f"({', '.join(f'{t:.2f}' for t in times)})"
        )
        print(f"API calls per collection: {log.total}")
        for name, count in log.counts.most_common(8):
            print(f"  {count:6d} {name}")
        if gaps:
            print("gaps: " + "; ".join(gaps))


if __name__ == "__main__":
    main()
