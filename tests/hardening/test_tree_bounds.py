"""Small trees that would take the gate's memory or time: bounded, and what a bound cuts off
fails the gate as not judged. Whole-process runs under the hardening suite's limits."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

from ..gate.helpers import write
from .bounded import found, run, scan, skipped

QUEUE = {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "q${a}${b}"}}


def _parallel_tree(root: Path, suffix: str, body: str) -> None:
    """Enough files and bytes that the scan reads them in worker processes (api.py)."""
    for index in range(70):
        write(root, {f"m{index}/main{suffix}": body.replace("NAME", f"n{index}") + "#" * 9000})


# -- 6. every read goes through the bounded reader, in workers too -----------------------------


def test_a_tf_symlink_to_dev_zero_in_a_parallel_tree(tmp_path: Path) -> None:
    _parallel_tree(tmp_path, ".tf", 'resource "aws_s3_bucket" "NAME" {\n  bucket = "NAME"\n}\n')
    (tmp_path / "m1" / "zero.tf").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "m2" / "pipe.tf")
    code, report = scan(tmp_path, "--jobs", "2", ".")
    assert code == 1
    assert set(found(report, "file-not-scanned")) == {"m1/zero.tf", "m2/pipe.tf"}
    assert report["summary"]["resources"] == 70


def test_a_manifest_symlink_to_a_fifo_in_a_parallel_tree(tmp_path: Path) -> None:
    pod = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: NAME\n"
    _parallel_tree(tmp_path, ".yaml", pod + "\n")
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "m1" / "link.yaml").symlink_to(tmp_path / "pipe")  # inside the tree
    code, report = scan(tmp_path, "--jobs", "2", ".", timeout=120)
    assert code == 1
    assert found(report, "file-not-scanned") == {"m1/link.yaml": "not a regular file"}
    assert report["summary"]["resources"] == 70


# -- 9. memory from small inputs --------------------------------------------------------------


def test_cloudformation_foreach_of_1000_by_1000(tmp_path: Path) -> None:
    items = [str(i) for i in range(1000)]
    inner = {"Fn::ForEach::B": ["b", items, {"Q${a}x${b}": QUEUE}]}
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": "AWS::LanguageExtensions",
        "Resources": {
            "Plain": {"Type": "AWS::SQS::Queue"},
            "Fn::ForEach::A": ["a", items, inner],
            "Fn::ForEach::Small": ["c", ["x", "y"], {"S${c}": {"Type": "AWS::SQS::Queue"}}],
        },
    }
    (tmp_path / "loop.json").write_text(json.dumps(template))
    code, report = scan(tmp_path)
    assert code == 1
    message = found(report, "file-not-scanned")["loop.json"]
    assert "Fn::ForEach::A not expanded" in message and "Fn::ForEach::B" in message
    # The rest of the template is still judged: Plain, Sx and Sy.
    assert report["summary"]["resources"] == 3


def test_cloudformation_functions_multiplying_a_large_default(tmp_path: Path) -> None:
    big = "a" * 1_000_000
    for function in ("Fn::Join", "Fn::Sub", "Fn::ToJsonString"):
        argument: object = {
            "Fn::Join": ["", [{"Ref": "Big"}, "x"]],
            "Fn::Sub": "${Big}-x",
            "Fn::ToJsonString": [{"Ref": "Big"}] * 3,
        }[function]
        resources = {
            f"Q{i}": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {function: argument}}}
            for i in range(3000)
        }
        template = {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Transform": "AWS::LanguageExtensions",
            "Parameters": {"Big": {"Type": "String", "Default": big}},
            "Resources": resources,
        }
        name = function.replace("Fn::", "").lower() + ".json"
        (tmp_path / name).write_text(json.dumps(template))
    code, report = scan(tmp_path)
    assert code == 1
    messages = found(report, "file-not-scanned")
    for function in ("Fn::Join", "Fn::Sub", "Fn::ToJsonString"):
        name = function.replace("Fn::", "").lower() + ".json"
        assert messages[name].startswith(f"{function} not resolved"), messages


def test_pods_times_services_with_one_selector(tmp_path: Path) -> None:
    documents = [
        f"apiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}, labels: {{app: x}}}}\n"
        "spec: {containers: [{name: c, image: 'x:1'}]}\n"
        for i in range(4000)
    ] + [
        f"apiVersion: v1\nkind: Service\nmetadata: {{name: s{i}}}\n"
        "spec: {selector: {app: x}, ports: [{port: 80}]}\n"
        for i in range(4000)
    ]
    (tmp_path / "all.yaml").write_text("---\n".join(documents))
    # Only the gate's own findings: the graph is built all the same.
    (tmp_path / "only-core.yaml").write_text("rules: {select: [CORE-*]}\n")
    code, report = scan(tmp_path, "--config", "only-core.yaml", ".")
    assert code == 1
    message = found(report, "file-not-scanned")["all.yaml"]
    assert "selector(s) not resolved" in message and "matches 4000" in message
    assert report["summary"]["resources"] == 8000


PACK = {
    "pack.toml": 'name = "hog"\nversion = "0"\ndescription = "hog"\nmodules = ["hog"]\n',
    "hog.py": textwrap.dedent(
        '''\
        from iacgate.rules.dsl import rule
        from iacgate.rules.metadata import Severity
        from iacgate.rules.verdicts import ok


        @rule(code="HOG-001", name="hog", kind="k8s.core.config_map", severity=Severity.LOW)
        def hog(resource, ctx):
            """Takes every byte it can get, and keeps them while the error unwinds.

            What it checks
                Nothing.
            Why it matters
                Tests.
            How to fix
                Nothing.
            """
            held = []
            while True:
                held.append(bytes(64 * 1024 * 1024))  # zeroed lazily: fast
            return ok()
        '''
    ),
}


def test_running_out_of_memory_exits_3_with_a_message(tmp_path: Path) -> None:
    write(tmp_path, {"pack/" + k: v for k, v in PACK.items()})
    write(tmp_path, {"cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"})
    done = run(tmp_path, "scan", "--no-config", "--pack", str(tmp_path / "pack"), "cm.yaml")
    # Never 1 ("gate failed"): nothing was judged.
    assert done.returncode == 3, (done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    assert "out of memory" in done.stderr
    assert done.stdout == ""


# -- 10. one scan-wide deadline ------------------------------------------------------------------


def test_terraform_roots_share_one_deadline(tmp_path: Path) -> None:
    # Each root evaluates for minutes; alone, each would spend its own 60 s budget.
    slow = (
        "locals {\n  n = sum([for a in range(1024) : sum([for b in range(1024) : "
        "length([for c in range(64) : c])])])\n}\n"
        'resource "aws_s3_bucket" "b" {\n  bucket = "b-${local.n}"\n}\n'
    )
    write(tmp_path, {f"root{i}/main.tf": slow for i in range(5)})
    write(tmp_path, {"after.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"})
    code, report = scan(tmp_path, "--time-limit", "2", "--jobs", "1", ".")
    assert code == 1
    errors = found(report, "parse-error")
    assert {f"root{i}/main.tf" for i in range(5)} <= set(errors)
    assert all("time budget" in errors[f"root{i}/main.tf"] for i in range(5))


def test_kustomizations_past_the_deadline_are_not_judged(tmp_path: Path) -> None:
    # A kubectl that never finishes: stopped at the deadline; what comes after is not read.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    kubectl = bin_dir / "kubectl"
    kubectl.write_text("#!/bin/sh\nexec sleep 600\n")
    kubectl.chmod(0o755)
    tree = tmp_path / "tree"
    write(
        tree,
        {
            "k/kustomization.yaml": "resources: [cm.yaml]\n",
            "k/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
            "later.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\n",
        },
    )
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}")
    code, report = scan(tree, "--time-limit", "1", ".", env=env, timeout=60)
    assert code == 1
    reasons = skipped(report)
    assert "time limit" in reasons["k/kustomization.yaml"] and "time limit" in reasons["later.yaml"]
    assert set(found(report, "file-not-scanned")) >= {"k/kustomization.yaml", "later.yaml"}
    # The same limit from the configuration file.
    (tree / ".iacgate.yaml").write_text("time-limit: 1\n")
    done = run(tree, "scan", "--format", "json", ".", env=env, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "time limit" in skipped(json.loads(done.stdout))["k/kustomization.yaml"]


def test_kustomizations_including_each_other_twice_per_level(tmp_path: Path) -> None:
    # Level i includes both directories of level i+1: kubectl would load 2^30 kustomizations.
    levels = 30
    for level in range(levels):
        for side in "ab":
            below = (
                f"resources: [../l{level + 1}a, ../l{level + 1}b]\nnamePrefix: {side}-\n"
                if level + 1 < levels
                else "resources: [cm.yaml]\n"
            )
            write(tmp_path, {f"l{level}{side}/kustomization.yaml": below})
            if level + 1 == levels:
                cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
                write(tmp_path, {f"l{level}{side}/cm.yaml": cm})
    code, report = scan(tmp_path, timeout=120)
    assert code == 1
    refused = found(report, "file-not-scanned")
    # Level k loads 2^(30-k) - 1 kustomizations: up to level 22 that is over the limit.
    assert set(refused) == {
        f"l{level}{side}/kustomization.yaml" for level in range(23) for side in "ab"
    }
    assert all("includes more than" in m for m in refused.values())
