"""How iacgate's cost grows with the size of the input: the generated corpora at 1x, 4x, 16x.

Usage:
    python bench/scaling.py [--scales 1 4 16] [--runs 3] [--only NAME ...]

For each generated corpus (bench/generate.py: a Terraform tree across nested modules, a plan
JSON, Kubernetes manifests) at each scale, iacgate scans it as a whole process, several times;
the table gives the resources it read, the median wall time, the peak RSS and the cost per
thousand resources. Linear cost shows as a flat last column.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from compare import ENV, REPO, generated_corpora, iacgate_command, run, warm_bytecode  # noqa: E402


def resources(command: list[str]) -> int:
    """How many resources the scan read (from its JSON report's summary)."""
    done = subprocess.run(command, cwd=REPO, env=ENV, capture_output=True, text=True, check=False)
    return int(json.loads(done.stdout)["summary"]["resources"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None, help="corpus names (substring match)")
    options = parser.parse_args()
    ours = iacgate_command()
    warm_bytecode(Path(sys.executable), REPO / "iacgate", REPO / "policy_packs")
    header = (
        f"{'corpus':10} {'scale':>5} {'resources':>10} {'wall s':>8} {'MB':>7} {'ms/1k res':>10}"
    )
    print(header)
    print("-" * len(header))
    for scale in options.scales:
        for name, (path, framework) in generated_corpora(scale).items():
            short = name.split()[0]
            if options.only is not None and not any(o in name for o in options.only):
                continue
            target = ["--plan", str(path)] if framework == "terraform_plan" else [str(path)]
            # Big plans pass the default --plan limit; the limit is not what is measured here.
            command = [*ours, "scan", "--fail-on", "none", "--max-file-size", str(2**31), *target]
            samples = [run([*command, "--format", "json"], REPO, None) for _ in range(options.runs)]
            count = resources([*command, "--format", "json"])
            wall = statistics.median(s.wall for s in samples)
            rss = max(s.rss_mb for s in samples)
            per = wall * 1000 / (count / 1000) if count else float("nan")
            print(f"{short:10} {scale:>5} {count:>10} {wall:8.2f} {rss:7.0f} {per:10.1f}")


if __name__ == "__main__":
    main()
