"""An AWS organization collected whole and in shards, against one real moto server on loopback.

Creates an organization of ``--accounts`` accounts (the management account and members made
through the Organizations API), fills every member in every one of ``--regions`` regions with a
queue, a security group and a log group, and in each account a bucket and a role (besides what
moto makes on its own: a default VPC, its subnets and security group per region), then times
whole ``iacgate inventory aws --org`` processes -- wall time and peak RSS (``os.wait4``) --
for the whole organization and for one shard of ``--shard-accounts`` accounts, as a nightly job
sharded many ways runs them. Run from the repository root::

    python bench/bench_org.py --accounts 20 --regions 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.live.aws.motoserver import CREDENTIALS, moto_server  # noqa: E402
from tests.live.aws.org_world import TRUST_EC2, caller, member  # noqa: E402

ALL_REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2", "eu-central-1")


def fill(endpoint: str, account: str, index: int, regions: tuple[str, ...]) -> None:
    """One member: a bucket and a role; in each region a queue, a security group, a log group."""
    session = member(endpoint, account, regions[0])
    session.client("s3", endpoint_url=endpoint).create_bucket(Bucket=f"bench-org-{account}")
    session.client("iam", endpoint_url=endpoint).create_role(
        RoleName=f"bench-{index}", AssumeRolePolicyDocument=TRUST_EC2
    )
    for region in regions:
        regional = member(endpoint, account, region)
        regional.client("sqs", endpoint_url=endpoint).create_queue(QueueName=f"bench-{index}")
        ec2 = regional.client("ec2", endpoint_url=endpoint)
        vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]
        ec2.create_security_group(
            GroupName=f"bench-{index}", Description="bench", VpcId=vpc["VpcId"]
        )
        regional.client("logs", endpoint_url=endpoint).create_log_group(
            logGroupName=f"/bench/{index}"
        )


def measure(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB, exit code of one whole ``iacgate`` process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "iacgate", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    error = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"iacgate {' '.join(args)}: exit {code}\n{error.decode()}")
    return wall, usage.ru_maxrss / 1024, code


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=20, help="accounts in all (default 20)")
    parser.add_argument("--regions", type=int, default=3, choices=range(1, 6), metavar="1-5")
    parser.add_argument("--shard-accounts", type=int, default=10, help="accounts of one shard")
    parser.add_argument("--runs", type=int, default=3, help="runs of each (median)")
    args = parser.parse_args()
    regions = ALL_REGIONS[: args.regions]
    with moto_server(managed_policies=False) as endpoint, tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        organizations = caller(endpoint).client("organizations", endpoint_url=endpoint)
        organizations.create_organization(FeatureSet="ALL")
        members = [
            organizations.create_account(Email=f"m{i}@example.com", AccountName=f"member-{i}")[
                "CreateAccountStatus"
            ]["AccountId"]
            for i in range(args.accounts - 1)
        ]
        with ThreadPoolExecutor(4) as pool:
            list(
                pool.map(lambda item: fill(endpoint, item[1], item[0], regions), enumerate(members))
            )
        print(
            f"organization: {args.accounts} accounts x {len(regions)} regions made in "
            f"{time.perf_counter() - started:.1f} s"
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(
            CREDENTIALS,
            AWS_REGION=regions[0],
            AWS_ENDPOINT_URL=endpoint,
            AWS_CONFIG_FILE="/nonexistent",
            AWS_SHARED_CREDENTIALS_FILE="/nonexistent",
        )
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cwd = Path(tmp)
        whole = ["inventory", "aws", "--org", "--region", ",".join(regions), "-o", "org.json"]
        shard = [*whole[:-2], "--accounts", ",".join(members[: args.shard_accounts])]
        shard += ["-o", "shard.json"]
        # A first collection warms moto up (it builds each account's backends on first use).
        measure(whole, cwd, env)
        for label, command in (
            ("whole organization", whole),
            (f"one shard of {args.shard_accounts} accounts", shard),
        ):
            samples = [measure(command, cwd, env) for _ in range(args.runs)]
            out = cwd / command[-1]
            snapshot = json.loads(out.read_text())
            coverage = snapshot["coverage"]
            complete = sum(1 for c in coverage if c["status"] == "complete")
            print(
                f"{label}: {len(snapshot['resources'])} resources, {complete}/{len(coverage)} "
                f"lists complete, {len(snapshot.get('unread', []))} accounts not read"
            )
            walls = [s[0] for s in samples]
            print(
                f"  wall: median {statistics.median(walls):.1f} s "
                f"({', '.join(f'{w:.1f}' for w in walls)}); "
                f"peak RSS: {max(s[1] for s in samples):.0f} MB; "
                f"{out.stat().st_size / 1e6:.1f} MB of JSON"
            )
            short = Counter(c["kind"] for c in coverage if c["status"] != "complete")
            listed = ", ".join(f"{kind} ({n})" for kind, n in sorted(short.items()))
            print(f"  incomplete lists: {listed or 'none'}")


if __name__ == "__main__":
    main()
