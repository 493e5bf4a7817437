"""Every Pod Security Standards control is covered by exactly one rule, on every workload kind.

The list below is the controls of the Baseline and Restricted profiles as the Kubernetes
documentation ("Pod Security Standards", v1.35) states them. Adding a control there without a
rule, or mapping a rule to a control that is not listed, fails here.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from iacgate import api
from iacgate.findings import FindingStatus
from iacgate.model import k8s
from iacgate.rules.dsl import Rule
from iacgate.rules.packs import load_rules

PSS_CONTROLS: dict[str, str] = {
    "baseline/host-process": "HostProcess (Windows)",
    "baseline/host-namespaces": "Host Namespaces",
    "baseline/privileged-containers": "Privileged Containers",
    "baseline/capabilities": "Capabilities (Baseline add-list)",
    "baseline/hostpath-volumes": "HostPath Volumes",
    "baseline/host-ports": "Host Ports",
    "baseline/host-probes-lifecycle-hooks": "Host Probes / Lifecycle Hooks (v1.34+)",
    "baseline/apparmor": "AppArmor",
    "baseline/selinux": "SELinux",
    "baseline/proc-mount-type": "/proc Mount Type",
    "baseline/seccomp": "Seccomp (not Unconfined)",
    "baseline/sysctls": "Sysctls",
    "restricted/volume-types": "Volume Types",
    "restricted/privilege-escalation": "Privilege Escalation",
    "restricted/running-as-non-root": "Running as Non-root",
    "restricted/running-as-non-root-user": "Running as Non-root user",
    "restricted/seccomp": "Seccomp (required)",
    "restricted/capabilities": "Capabilities (drop ALL)",
}

RULES = load_rules()
PSS_RULES = [r for r in RULES if r.meta.framework_ids("k8s-pss")]


def test_every_control_has_exactly_one_rule() -> None:
    by_control: dict[str, list[str]] = {control: [] for control in PSS_CONTROLS}
    for item in PSS_RULES:
        for control in item.meta.framework_ids("k8s-pss"):
            assert control in PSS_CONTROLS, f"{item.meta.code} maps unknown control {control}"
            by_control[control].append(item.meta.code)
    missing = [control for control, codes in by_control.items() if not codes]
    assert not missing, f"PSS controls without a rule: {missing}"
    shared = {control: codes for control, codes in by_control.items() if len(codes) > 1}
    assert not shared, f"one rule per control: {shared}"


@pytest.mark.parametrize("rule", PSS_RULES, ids=lambda r: r.meta.code)
def test_pss_rule_is_tagged_and_runs_on_every_workload(rule: Rule) -> None:
    (control,) = rule.meta.framework_ids("k8s-pss")
    profile = control.split("/", 1)[0]
    assert f"pss-{profile}" in rule.meta.tags
    assert set(rule.meta.kinds) == set(k8s.WORKLOAD_KINDS)


# One violation per control, written at container level ("container") or pod level ("pod").
CONTAINER_VIOLATIONS: dict[str, dict[str, Any]] = {
    "K8S-001": {"securityContext": {"privileged": True}},
    "K8S-003": {"securityContext": {"allowPrivilegeEscalation": True}},
    "K8S-004": {"securityContext": {"runAsNonRoot": False}},
    "K8S-005": {"securityContext": {"capabilities": {"add": ["SYS_ADMIN"]}}},
    "K8S-006": {"securityContext": {"capabilities": {"drop": ["ALL"], "add": ["CHOWN"]}}},
    "K8S-014": {"ports": [{"containerPort": 80, "hostPort": 80}]},
    "K8S-015": {"securityContext": {"windowsOptions": {"hostProcess": True}}},
    "K8S-016": {"securityContext": {"appArmorProfile": {"type": "Unconfined"}}},
    "K8S-017": {"securityContext": {"seLinuxOptions": {"type": "spc_t"}}},
    "K8S-018": {"securityContext": {"procMount": "Unmasked"}},
    "K8S-019": {"securityContext": {"seccompProfile": {"type": "Unconfined"}}},
    "K8S-021": {"livenessProbe": {"httpGet": {"host": "10.0.0.1", "port": 80}}},
    "K8S-023": {"securityContext": {"runAsUser": 0}},
}
POD_VIOLATIONS: dict[str, dict[str, Any]] = {
    "K8S-002": {"hostPID": True},
    "K8S-007": {"volumes": [{"name": "h", "hostPath": {"path": "/"}}]},
    "K8S-020": {"securityContext": {"sysctls": [{"name": "kernel.msgmax", "value": "1"}]}},
    "K8S-022": {"volumes": [{"name": "n", "nfs": {"server": "s", "path": "/"}}]},
    "K8S-024": {},  # a pod that sets no seccomp profile at all
}
# A container that satisfies every control, so only the injected violation can fail.
COMPLIANT_CONTAINER: dict[str, Any] = {
    "name": "c",
    "image": "app:1.0",
    "securityContext": {
        "allowPrivilegeEscalation": False,
        "runAsNonRoot": True,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    },
}

_API_VERSIONS = {
    "Pod": "v1",
    "ReplicationController": "v1",
    "Deployment": "apps/v1",
    "StatefulSet": "apps/v1",
    "DaemonSet": "apps/v1",
    "ReplicaSet": "apps/v1",
    "Job": "batch/v1",
    "CronJob": "batch/v1",
}


def _workload(kind: str, pod_spec: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"apiVersion": _API_VERSIONS[kind], "kind": kind}
    body["metadata"] = {"name": "w", "namespace": "team"}
    template = {"metadata": {"labels": {"app": "w"}}, "spec": pod_spec}
    if kind == "Pod":
        body["spec"] = pod_spec
    elif kind == "CronJob":
        body["spec"] = {"schedule": "@daily", "jobTemplate": {"spec": {"template": template}}}
    else:
        body["spec"] = {"template": template}
    return body


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for kind in _API_VERSIONS:
        for code in CONTAINER_VIOLATIONS:
            for where in k8s.CONTAINER_LISTS:
                cases.append((code, kind, where))
        for code in POD_VIOLATIONS:
            cases.append((code, kind, "pod"))
    return cases


RULES_BY_CODE = {r.meta.code: r for r in RULES}


@pytest.mark.parametrize(("code", "kind", "where"), _cases(), ids="-".join)
def test_violation_is_found_in_every_workload_kind_and_container_list(
    code: str, kind: str, where: str, tmp_path: Path
) -> None:
    container = copy.deepcopy(COMPLIANT_CONTAINER)
    pod_spec: dict[str, Any] = {"containers": [copy.deepcopy(COMPLIANT_CONTAINER)]}
    if where == "pod":
        pod_spec.update(copy.deepcopy(POD_VIOLATIONS[code]))
        if code == "K8S-024":
            pod_spec["containers"][0]["securityContext"].pop("seccompProfile")
    else:
        violation = copy.deepcopy(CONTAINER_VIOLATIONS[code])
        context = violation.pop("securityContext", {})
        container["securityContext"].update(context)
        container.update(violation)
        container["name"] = "bad"
        pod_spec.setdefault(where, []).append(container)
    path = tmp_path / "workload.json"
    path.write_text(json.dumps(_workload(kind, pod_spec)))
    report = api.scan([str(path)], rules=[RULES_BY_CODE[code]], root=tmp_path)
    failures = [f for f in report.findings if f.status is FindingStatus.FAIL]
    assert failures, f"{code} missed its violation in {kind} {where}"
    assert all(f.code == code for f in report.findings)
