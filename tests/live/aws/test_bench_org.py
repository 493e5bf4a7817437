"""``bench/bench_org.py`` at a small size (3 accounts x 2 regions, one run): the simulated
organization is made, read whole and as a shard, completely, by whole processes -- so the
benchmark behind docs/performance.md keeps working. Its figures are not asserted: timing
belongs to the benchmark, not the suite."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import REPO


def test_the_organization_benchmark_runs_small() -> None:
    arguments = ["--accounts", "3", "--regions", "2", "--shard-accounts", "2", "--runs", "1"]
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "bench_org.py"), *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("organization: 3 accounts x 2 regions made in")
    whole = re.match(r"whole organization: (\d+) resources, (\d+)/(\d+) lists complete", lines[1])
    shard = re.match(r"one shard of 2 accounts: (\d+) resources, (\d+)/(\d+) lists", lines[4])
    assert whole and shard, done.stdout
    # Every list is complete but those moto cannot answer in an empty account (five per account
    # and region, named by the benchmark: moto has no Amplify at all), and the shard reads two
    # of the three accounts' lists.
    gaps = (
        "aws.amplify.app (6), "
        "aws.athena.workgroup (6), aws.ec2.ebs_encryption_by_default (6), "
        "aws.emr.security_configuration (6), aws.securityhub.standards_subscription (6)"
    )
    assert lines[3] == f"  incomplete lists: {gaps}"
    assert int(whole[3]) - int(whole[2]) == 3 * 2 * 5
    assert int(shard[3]) == int(whole[3]) * 2 // 3
    assert "0 accounts not read" in lines[1] and "peak RSS" in lines[2]
