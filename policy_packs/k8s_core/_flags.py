"""Control-plane components run as containers, read from their command lines.

kubeadm and most installers run kube-apiserver, kube-controller-manager, kube-scheduler and
etcd as static Pods (in ``kube-system``) whose container ``command``/``args`` carry every
setting as a flag. This module finds those containers in any workload kind and reads their flags
the way the components do: ``--name=value`` or ``--name value``, a bare boolean flag meaning
true, the last occurrence winning (list flags accumulate), and etcd's ``ETCD_*`` environment
variables standing in for flags the command line leaves unset. A shell wrapper
(``sh -c "kube-apiserver ..."``) is tokenized, never run.

What cannot be read is said so: a value written with ``$(VAR)`` (substituted by the kubelet
from the environment when the container starts) or a shell line that does not tokenize makes
the flags it touches unknown, never absent.
"""

from __future__ import annotations

import posixpath
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from iacgate.model import k8s
from iacgate.rules import AttrPath, Resource, Verdict, fail, per_resource, unknown

APISERVER = "kube-apiserver"
CONTROLLER_MANAGER = "kube-controller-manager"
SCHEDULER = "kube-scheduler"
ETCD = "etcd"
COMPONENTS = (APISERVER, CONTROLLER_MANAGER, SCHEDULER, ETCD)
# What the findings call each component.
LABELS = {
    APISERVER: "API server",
    CONTROLLER_MANAGER: "controller manager",
    SCHEDULER: "scheduler",
    ETCD: "etcd",
}

SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
# Boolean flags: written bare (``--profiling``) they mean true and take no value token.
BOOLEAN_FLAGS = frozenset(
    {
        "allow-privileged",
        "anonymous-auth",
        "auto-tls",
        "client-cert-auth",
        "enable-bootstrap-token-auth",
        "enable-insecure-login",  # Kubernetes Dashboard
        "enable-skip-login",  # Kubernetes Dashboard
        "peer-auto-tls",
        "peer-client-cert-auth",
        "profiling",
        "service-account-lookup",
        "use-service-account-credentials",
    }
)
ENV_PREFIX = "ETCD_"


@dataclass(frozen=True, slots=True)
class Flag:
    name: str
    value: str | None  # None: a bare boolean flag
    path: AttrPath  # the command/args element (or env entry) that wrote it
    unresolved: bool = False  # the value depends on the container's environment

    @property
    def text(self) -> str:
        return "true" if self.value is None else self.value


@dataclass(frozen=True, slots=True)
class Invocation:
    """One control-plane component started by one container."""

    component: str
    container: k8s.ContainerRef
    flags: tuple[Flag, ...]
    problem: str | None = None  # why the flags could not be read at all

    @property
    def label(self) -> str:
        return LABELS[self.component]

    @property
    def command_path(self) -> AttrPath:
        """Where a missing flag belongs: the command list, else args, else the container."""
        for field in ("command", "args"):
            if isinstance(self.container.spec.get(field), list):
                return (*self.container.path, field)
        return self.container.path

    def last(self, name: str) -> Flag | None:
        found = None
        for flag in self.flags:
            if flag.name == name:
                found = flag
        return found

    def every(self, name: str) -> list[Flag]:
        return [flag for flag in self.flags if flag.name == name]

    def items(self, name: str) -> tuple[list[str], Flag | None, bool]:
        """A list flag's comma-separated items over every occurrence, the last occurrence
        (where findings point), and whether any occurrence is unresolved."""
        found = self.every(name)
        items = [part.strip() for flag in found for part in flag.text.split(",") if part.strip()]
        return items, (found[-1] if found else None), any(flag.unresolved for flag in found)


def _basename(token: str) -> str:
    return posixpath.basename(token.strip())


def _image_name(image: Any) -> str:
    """``registry.k8s.io/kube-apiserver:v1.30.0@sha256:...`` -> ``kube-apiserver``."""
    if not isinstance(image, str):
        return ""
    name = image.split("@", 1)[0].rsplit("/", 1)[-1]
    return name.split(":", 1)[0]


def _tokens(spec: Mapping[str, Any], path: AttrPath) -> tuple[list[tuple[str, AttrPath]], str]:
    """``command`` + ``args`` as (token, path) pairs, shell wrappers tokenized; and a problem."""
    raw: list[tuple[str, AttrPath]] = []
    for field in ("command", "args"):
        values = spec.get(field)
        if isinstance(values, list):
            raw += [(str(v), (*path, field, i)) for i, v in enumerate(values) if v is not None]
    if raw and _basename(raw[0][0]) in SHELLS:
        out: list[tuple[str, AttrPath]] = []
        problem = ""
        for text, where in raw[1:]:
            if text.startswith("-") and not text.startswith("--"):
                continue  # the shell's own options (-c, -e, -x)
            try:
                out += [(token, where) for token in shlex.split(text, comments=True)]
            except ValueError as exc:
                # Words are enough to tell which component runs; its flags stay unknown.
                out += [(token, where) for token in text.split()]
                problem = f"the shell command line does not tokenize ({exc})"
        return out, problem
    return raw, ""


def _component_start(
    tokens: list[tuple[str, AttrPath]], spec: Mapping[str, Any]
) -> tuple[str, int] | None:
    """Which component the tokens start, and the index of its first flag."""
    for index, (token, _) in enumerate(tokens):
        name = _basename(token)
        if name in COMPONENTS:
            return name, index + 1
        if token.startswith("-") and token != "--":
            break  # flags before any program name: the image's entrypoint runs them
    image = _image_name(spec.get("image"))
    if image in COMPONENTS and not isinstance(spec.get("command"), list):
        return image, 0
    return None


def _flag_name(token: str) -> str | None:
    if not token.startswith("-") or token in ("-", "--"):
        return None
    name = token.lstrip("-")
    # Go's flag package (etcd) accepts -name as well as --name; "-1" is a value.
    return name if name and not name[0].isdigit() else None


def _parse(tokens: list[tuple[str, AttrPath]]) -> list[Flag]:
    flags: list[Flag] = []
    index = 0
    while index < len(tokens):
        token, where = tokens[index]
        index += 1
        name = _flag_name(token)
        if name is None:
            continue  # a positional argument
        value: str | None
        if "=" in name:
            name, value = name.split("=", 1)
        elif name in BOOLEAN_FLAGS:
            value = None
        elif index < len(tokens) and _flag_name(tokens[index][0]) is None:
            value = tokens[index][0]
            where = tokens[index][1]
            index += 1
        else:
            value = ""
        flags.append(Flag(name, value, where, value is not None and "$(" in value))
    return flags


def _env_flags(container: k8s.ContainerRef, given: set[str]) -> list[Flag]:
    """etcd reads ``ETCD_<FLAG>`` for every flag the command line leaves unset."""
    env = container.spec.get("env")
    if not isinstance(env, list):
        return []
    flags: list[Flag] = []
    for index, item in enumerate(env):
        if not isinstance(item, Mapping):
            continue
        name = str(item.get("name", ""))
        if not name.startswith(ENV_PREFIX):
            continue
        flag = name[len(ENV_PREFIX) :].lower().replace("_", "-")
        if not flag or flag in given:
            continue
        where = (*container.path, "env", index)
        if "value" in item and item["value"] is not None:
            text = str(item["value"])
            flags.append(Flag(flag, text, (*where, "value"), "$(" in text))
        else:
            flags.append(Flag(flag, "", where, True))  # valueFrom: a Secret or ConfigMap
    return flags


def _mentions(spec: Mapping[str, Any], wanted: tuple[str, ...]) -> bool:
    """Whether the image or command line names a wanted component at all: a substring test
    that spares tokenizing the command lines of every other container (most of them)."""
    texts = [str(spec.get("image", ""))]
    for field in ("command", "args"):
        values = spec.get(field)
        if isinstance(values, list):
            texts += [str(v) for v in values]
    return any(name in text for text in texts for name in wanted)


def invocations(workload: Resource, *components: str) -> Iterator[Invocation]:
    """Every container of ``workload`` that starts one of ``components`` (all by default)."""
    wanted = components or COMPONENTS
    return (i for i in _all_invocations(workload) if i.component in wanted)


@per_resource
def _all_invocations(workload: Resource) -> tuple[Invocation, ...]:
    """Kept per workload (``memo.py``): some twenty rules ask of every workload."""
    return tuple(_invocations(workload))


def _invocations(workload: Resource) -> Iterator[Invocation]:
    # A container that starts a component names it, so the substring test for any of them
    # keeps every container a narrower question would.
    wanted = COMPONENTS
    for container in k8s.containers(workload, ("containers", "initContainers")):
        if not _mentions(container.spec, wanted):
            continue
        tokens, problem = _tokens(container.spec, container.path)
        start = _component_start(tokens, container.spec)
        if start is None or start[0] not in wanted:
            continue
        component, first = start
        flags = _parse(tokens[first:])
        if component == ETCD:
            flags += _env_flags(container, {flag.name for flag in flags})
        yield Invocation(component, container, tuple(flags), problem or None)


def unread(invocation: Invocation, name: str) -> Verdict | None:
    """UNKNOWN when flag ``name`` cannot be read (unparseable shell, ``$(VAR)`` value)."""
    if invocation.problem:
        return unknown(
            f"{invocation.label} flags cannot be read: {invocation.problem}",
            invocation.command_path,
        )
    flag = invocation.last(name)
    if flag is not None and flag.unresolved:
        return unknown(
            f"--{name} is set from the container's environment when it starts", flag.path
        )
    return None


def boolean(invocation: Invocation, name: str, default: bool) -> tuple[bool | None, AttrPath]:
    """The effective value of a boolean flag and where it was written (the command when
    unset); None when the value is not a boolean (the component would refuse to start)."""
    flag = invocation.last(name)
    if flag is None:
        return default, invocation.command_path
    text = flag.text.strip().lower()
    if text in ("true", "1", "t"):
        return True, flag.path
    if text in ("false", "0", "f"):
        return False, flag.path
    return None, flag.path


def require_boolean(
    invocation: Invocation, name: str, default: bool, wanted: bool, why: str
) -> Verdict | None:
    """A failure when boolean ``name`` is not ``wanted`` (``why`` completes the message)."""
    blocked = unread(invocation, name)
    if blocked is not None:
        return blocked
    value, where = boolean(invocation, name, default)
    if value is wanted or value is None:
        return None
    state = f"--{name}={str(value).lower()}"
    if invocation.last(name) is None:
        state = f"--{name} is not set (defaults to {str(default).lower()})"
    return fail(f"{invocation.label}: {state}: {why}", where)


def require_set(invocation: Invocation, *names: str) -> Iterator[Verdict]:
    """A failure for each of ``names`` that is not set to a non-empty value."""
    if invocation.problem:
        yield unknown(
            f"{invocation.label} flags cannot be read: {invocation.problem}",
            invocation.command_path,
        )
        return
    missing = []
    for name in names:
        flag = invocation.last(name)  # a value from the environment still sets the flag
        if flag is None or not flag.text.strip():
            missing.append(f"--{name}")
    if missing:
        yield fail(f"{invocation.label}: {', '.join(missing)} not set", invocation.command_path)


def integer(flag: Flag) -> int | None:
    try:
        return int(flag.text.strip())
    except ValueError:
        return None


def minor_version(invocation: Invocation) -> int | None:
    """The Kubernetes minor version of the image tag (``kube-apiserver:v1.19.16`` -> 19)."""
    image = invocation.container.spec.get("image")
    if not isinstance(image, str) or ":" not in image.split("@", 1)[0].rsplit("/", 1)[-1]:
        return None
    tag = image.split("@", 1)[0].rsplit(":", 1)[1].lstrip("v")
    parts = tag.split(".")
    if len(parts) >= 2 and parts[0] == "1" and parts[1].isdigit():
        return int(parts[1])
    return None


def container_flags(container: k8s.ContainerRef) -> list[Flag]:
    """Every flag on a container's command line, whatever program it runs."""
    tokens, _ = _tokens(container.spec, container.path)
    return _parse(tokens)
