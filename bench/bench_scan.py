"""Time `iacgate scan` as a whole process: one manifest, and a directory of many.

Usage: python bench/bench_scan.py [--runs 7] [--files 500] [--objects-per-file 4]

Prints the median wall time of each case. Manifests are generated under bench/work/ (a mix of
Deployments, Services, RBAC and CronJobs, half of them insecure), so the benchmark needs nothing
but this repository.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

WORK = Path(__file__).resolve().parent / "work"

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  namespace: team-{ns}
  labels: {{app: app-{i}}}
spec:
  replicas: 2
  selector:
    matchLabels: {{app: app-{i}}}
  template:
    metadata:
      labels: {{app: app-{i}}}
    spec:
      serviceAccountName: sa-{ns}
      containers:
        - name: app
          image: registry.example.com/app:{tag}
          ports: [{{containerPort: 8080}}]
          env:
            - {{name: LOG_LEVEL, value: info}}
          resources:
            limits: {{cpu: 500m, memory: 256Mi}}
          securityContext:
            privileged: {privileged}
            allowPrivilegeEscalation: false
            runAsNonRoot: true
---
apiVersion: v1
kind: Service
metadata: {{name: app-{i}, namespace: team-{ns}}}
spec:
  selector: {{app: app-{i}}}
  ports: [{{port: 80, targetPort: 8080}}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {{name: app-{i}, namespace: team-{ns}}}
roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}}
subjects: [{{kind: ServiceAccount, name: sa-{ns}}}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {{name: job-{i}, namespace: team-{ns}}}
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{{name: job, image: "busybox:1.36"}}]
"""


def generate(files: int) -> Path:
    target = WORK / f"manifests-{files}"
    if target.exists():
        return target
    target.mkdir(parents=True)
    for i in range(files):
        text = DEPLOYMENT.format(
            i=i, ns=i % 20, tag="latest" if i % 2 else "1.4.2", privileged=str(i % 2 == 0).lower()
        )
        (target / f"app-{i:05}.yaml").write_text(text)
    return target


def time_scan(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-P", "-m", "iacgate", "scan", "--format", "json", *args],
            capture_output=True,
            check=False,
        )
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            raise SystemExit(f"scan failed: {result.stderr.decode()[-2000:]}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--clean", action="store_true", help="regenerate the manifests")
    options = parser.parse_args()
    if options.clean and WORK.exists():
        shutil.rmtree(WORK)
    directory = generate(options.files)
    one = next(iter(sorted(directory.iterdir())))
    cases = [
        ("one manifest (4 objects)", [str(one)]),
        (f"directory ({options.files} files, {options.files * 4} objects)", [str(directory)]),
    ]
    print(f"{'case':44} {'median':>8} {'min':>8} {'max':>8}  (s, {options.runs} runs)")
    for name, args in cases:
        times = time_scan(args, options.runs)
        print(f"{name:44} {statistics.median(times):8.3f} {min(times):8.3f} {max(times):8.3f}")


if __name__ == "__main__":
    main()
