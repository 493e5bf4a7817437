"""``iacgate report`` over a long history: N nightly scan reports of F findings each, with churn
(each night about 2% of the open findings are fixed and as many new ones appear), plus the
bundled rules' per-rule counts. Times the whole process per format and reports its peak memory.
Run from the repository root::

    python bench/bench_report.py --runs 365 --findings 5000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEVERITIES = ("critical", "high", "medium", "low", "info")


def rules() -> list[dict[str, object]]:
    listed = subprocess.run(
        [sys.executable, "-m", "iacgate", "rules", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return [
        {
            "code": r["code"],
            "name": r["name"],
            "severity": r["severity"],
            "frameworks": r["frameworks"],
            "checks": 100,
            "passed": 90,
            "failed": 10,
            "unknown": 0,
            "not_judged": 0,
        }
        for r in json.loads(listed.stdout)["rules"]
    ]


def generate(out: Path, runs: int, findings: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    table = rules()
    codes = [r["code"] for r in table]
    next_id = 0
    open_ids: list[int] = []
    for _ in range(findings):
        open_ids.append(next_id)
        next_id += 1
    start = dt.datetime(2024, 1, 1, 2, tzinfo=dt.UTC)
    for night in range(runs):
        churn = max(1, findings // 50)
        for _ in range(churn):
            open_ids.pop(rng.randrange(len(open_ids)))
            open_ids.append(next_id)
            next_id += 1
        rows = [
            {
                "code": codes[i % len(codes)],
                "name": "x",
                "severity": SEVERITIES[i % 5],
                "status": "fail",
                "kind": "aws.s3.bucket",
                "address": f"aws_s3_bucket.b{i}",
                "file": f"m{i % 200}/main.tf",
                "start_line": 1 + i % 80,
                "end_line": 1 + i % 80,
                "path": "",
                "message": "public access not blocked",
                "fingerprint": f"{i:032x}",
                "source": "terraform",
                "gating": False,
            }
            for i in open_ids
        ]
        at = (start + dt.timedelta(days=night)).strftime("%Y-%m-%dT%H:%M:%SZ")
        document = {
            "version": "1",
            "report": "scan",
            "tool": {"name": "iacgate", "version": "0.1.0"},
            "generated_at": at,
            "duration_seconds": 30.0,
            "target": {"type": "files", "paths": ["."], "repository": "https://x/r.git"},
            "findings": rows,
            "skipped": [],
            "rules": table,
            "summary": {"files": 1000, "resources": 20000, "judged_resources": 19000},
        }
        (out / f"{at[:10]}.json").write_text(json.dumps(document))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=365)
    parser.add_argument("--findings", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        history = Path(tmp)
        generate(history, args.runs, args.findings)
        size = sum(p.stat().st_size for p in history.iterdir()) / 2**20
        print(f"{args.runs} reports x {args.findings} findings: {size:.0f} MiB")
        for fmt in ("openmetrics", "html", "json"):
            times = []
            for _ in range(args.repeat):
                begin = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "iacgate", "report", "--history", tmp, "--format",
                     fmt, "-o", str(history.parent / f"bench-report.{fmt}")],
                    check=True,
                )  # fmt: skip
                times.append(time.perf_counter() - begin)
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"{fmt:12} median {statistics.median(times):6.2f} s   peak RSS {peak:6.0f} MiB")


if __name__ == "__main__":
    main()
