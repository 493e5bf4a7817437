"""Kustomize directories: rendered with ``kubectl kustomize DIR`` and scanned as rendered.

A directory that holds ``kustomization.yaml`` (``.yml``, or ``Kustomization``) is an input of
kustomize: the files it lists may be partial patches, and the objects it deploys exist only
after rendering. Every kustomization directory of a scanned tree is rendered, and reported,
on its own (a base and each overlay), with the ``kubectl`` found on ``PATH``.

What a kustomization owns is read statically first, from its file, never by running anything:

- The files it lists (``resources``, patches, generator inputs, ...) are judged through the
  rendering, not one by one; every other file of the tree is scanned as it is. Only Kubernetes
  YAML can be owned: Terraform files and CloudFormation templates are always read.
- A kustomization is refused, as a gating ``file-not-scanned`` finding naming the reason, when
  it fetches remote resources (``https://…``, ``github.com/…``, ``file:///…``: anything that is
  not a local file or directory; allowed with ``--allow-remote-kustomize``), reads a path
  outside the scanned target, includes so many kustomizations (counting repeats) that kubectl
  would take exponential time, or is a ``Component`` no scanned kustomization includes.

kubectl runs with kustomize's defaults (no exec or KRM-function plugins, no Helm inflation,
files restricted to the kustomization root), standard input closed, ``KUBECONFIG=/dev/null``
(no cluster is contacted), a clean temporary ``HOME`` and working directory, a minimal
environment, git's protocols disabled and HTTP proxied to nowhere (unless remote resources are
allowed), a timeout within the scan's deadline and a bound on its output. Findings name the
kustomization directory (``overlays/prod``) and the line in the rendered stream, the line
``kubectl kustomize overlays/prod`` prints. When the kustomization sets
``buildMetadata: [originAnnotations]``, each object names the file it came from and findings
use it (``base/deployment.yaml``, relative to the scan root), with the line inside that
rendered object (line 1 is the object's first line, as for Helm's ``# Source``).

A kustomization that cannot be rendered (kubectl absent or failing) or renders no object is a
gating finding: what it lists is not judged. A file named on the command line is always read as
it is, even inside a kustomization.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iacgate import budget
from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.results import FileResult
from iacgate.sources.diagnostics import Diagnostic, DiagnosticKind, SourceError
from iacgate.sources.discovery import Candidate, Skip, discover, display_path
from iacgate.sources.terraform import is_terraform_file
from iacgate.sources.textfile import read_bytes, read_text

if TYPE_CHECKING:
    from iacgate.sources.structured import Document

KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
ORIGIN_ANNOTATION = "config.kubernetes.io/origin"
TIMEOUT_SECONDS = 120
MAX_OUTPUT_BYTES = 64 * 1024 * 1024
# Kustomizations one rendering may load, counting every repeat: kustomize does not share a base
# included twice, so includes that double per level cost kubectl 2^levels loads. Real overlays
# load a handful.
MAX_LOADS = 200
# Where a remote loader could go instead of a local file: a URL, an scp-like git address.
_REMOTE_MARKERS = ("://", "git@", "git::")
_SHOWN_REFERENCES = 3


@dataclass(frozen=True, slots=True)
class Kustomization:
    directory: Path
    display: str  # the directory relative to the scan root
    refused: str | None = None  # why it is not rendered (a gating file-not-scanned finding)
    error: str | None = None  # its kustomization file cannot be read (a parse-error)
    remote: bool = False  # it fetches remote resources (rendered only when they are allowed)
    # The local files its rendering reads (its kustomization files and what they list,
    # included kustomizations too), relative to the scan root: every rendered object's origins.
    inputs: tuple[str, ...] = ()

    @property
    def file(self) -> str:
        """Its kustomization file relative to the scan root (``prod/kustomization.yaml``)."""
        found = _kustomization_file(self.directory)
        name = found.name if found is not None else KUSTOMIZATION_FILES[0]
        return name if self.display == "." else f"{self.display}/{name}"


def is_kustomization_dir(directory: Path) -> bool:
    return _kustomization_file(directory) is not None


def _kustomization_file(directory: Path) -> Path | None:
    for name in KUSTOMIZATION_FILES:
        if (directory / name).is_file():
            return directory / name
    return None


# -- reading kustomization files statically ---------------------------------------------------


@dataclass(slots=True)
class _Node:
    """What one kustomization file names, classified."""

    kind: str = "Kustomization"
    files: list[Path] = field(default_factory=list)  # local files it reads
    includes: list[Path] = field(default_factory=list)  # local kustomization directories
    remote: list[str] = field(default_factory=list)  # what a remote loader would fetch
    outside: list[str] = field(default_factory=list)  # local paths outside the target
    special: list[str] = field(default_factory=list)  # FIFOs, devices: kubectl would block
    error: str | None = None


@dataclass(frozen=True, slots=True)
class _Closure:
    """A kustomization with everything it includes, transitively."""

    loads: int
    remote: tuple[str, ...]
    outside: tuple[str, ...]
    special: tuple[str, ...]
    error: str | None


def _is_remote(reference: str) -> bool:
    return any(marker in reference for marker in _REMOTE_MARKERS)


def _inside(path: str, boundary: Path) -> bool:
    real = os.path.realpath(path)
    top = str(boundary)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


class _Reader:
    """Reads kustomization files once each and answers, per directory, what it owns and what
    rendering it would load."""

    def __init__(self, boundary: Path) -> None:
        self.boundary = boundary.resolve()
        self.nodes: dict[Path, _Node] = {}
        self.closures: dict[Path, _Closure] = {}

    def node(self, directory: Path) -> _Node:
        found = self.nodes.get(directory)
        if found is None:
            found = self.nodes[directory] = self._read(directory)
        return found

    def _read(self, directory: Path) -> _Node:
        node = _Node()
        file = _kustomization_file(directory)
        if file is None:
            node.error = "no kustomization file"
            return node
        read = read_text(file)
        if read.text is None:
            node.error = f"cannot read {file.name}: {read.skipped or read.error}"
            return node
        from iacgate.sources.structured import load_documents  # YAML: only where one is found

        try:
            documents = load_documents(read.text, file.name)
        except SourceError as exc:
            node.error = f"{file.name}:{exc.line}: {exc.message}" if exc.line else exc.message
            return node
        if len(documents) != 1 or not isinstance(documents[0].value, dict):
            node.error = f"{file.name} must hold one mapping"
            return node
        data: dict[str, Any] = documents[0].value
        node.kind = str(data.get("kind") or "Kustomization")
        for key in ("resources", "bases", "components"):
            for item in _strings(data.get(key)):
                self._include(directory, item, node)
        for key in ("generators", "transformers", "validators"):
            for item in _strings(data.get(key)):
                if "\n" not in item:  # inline configurations hold no path
                    self._include(directory, item, node)
        for item in _strings(data.get("crds")) + _strings(data.get("configurations")):
            self._file(directory, item, node)
        for item in _strings(data.get("patchesStrategicMerge")):
            if "\n" not in item:
                self._file(directory, item, node)
        for key in ("patches", "patchesJson6902", "replacements"):
            for entry in _mappings(data.get(key)):
                if isinstance(entry.get("path"), str):
                    self._file(directory, entry["path"], node)
        openapi = data.get("openapi")
        if isinstance(openapi, dict) and isinstance(openapi.get("path"), str):
            self._file(directory, openapi["path"], node)
        for key in ("configMapGenerator", "secretGenerator"):
            for entry in _mappings(data.get(key)):
                for item in _strings(entry.get("files")):
                    self._file(directory, item.partition("=")[2] or item, node)
                for item in [*_strings(entry.get("envs")), *_strings([entry.get("env")])]:
                    self._file(directory, item, node)
        return node

    def _local(self, directory: Path, reference: str, node: _Node) -> str | None:
        if _is_remote(reference):
            node.remote.append(reference)
            return None
        path = os.path.normpath(directory / reference)
        if not _inside(path, self.boundary):
            node.outside.append(reference)
            return None
        target = Path(path)
        if target.exists() and not (target.is_file() or target.is_dir()):
            node.special.append(reference)
            return None
        return path

    def _file(self, directory: Path, reference: str, node: _Node) -> None:
        path = self._local(directory, reference, node)
        if path is not None:
            node.files.append(Path(path))

    def _include(self, directory: Path, reference: str, node: _Node) -> None:
        path = self._local(directory, reference, node)
        if path is None:
            return
        if Path(path).is_dir():
            if is_kustomization_dir(Path(path)):
                node.includes.append(Path(path))
        elif Path(path).is_file():
            node.files.append(Path(path))
        else:
            # Neither a file nor a directory here: kustomize then tries it as a git URL.
            node.remote.append(reference)

    def closure(self, directory: Path, active: frozenset[Path] = frozenset()) -> _Closure:
        """Loads (with repeats), remote and outside references of a rendering, memoized per
        directory so that this count stays linear however often kubectl would repeat it."""
        found = self.closures.get(directory)
        if found is not None:
            return found
        node = self.node(directory)
        loads = 1
        remote, outside, special = list(node.remote), list(node.outside), list(node.special)
        error = node.error
        for child in node.includes:
            if child in active or child == directory:
                continue  # a cycle: kubectl reports it
            inner = self.closure(child, active | {directory})
            loads = min(loads + inner.loads, MAX_LOADS + 1)
            remote.extend(inner.remote)
            outside.extend(inner.outside)
            special.extend(inner.special)
            if error is None and inner.error is not None:
                error = f"{os.path.relpath(child, directory)}: {inner.error}"
        made = _Closure(
            loads,
            tuple(dict.fromkeys(remote)),
            tuple(dict.fromkeys(outside)),
            tuple(dict.fromkeys(special)),
            error,
        )
        self.closures[directory] = made
        return made

    def inputs(self, directory: Path) -> set[Path]:
        """The local files rendering ``directory`` reads: the kustomization files of it and
        of everything it includes, and the files they list."""
        found: set[Path] = set()
        pending, done = [directory], set()
        while pending:
            current = pending.pop()
            if current in done:
                continue
            done.add(current)
            file = _kustomization_file(current)
            if file is not None:
                found.add(Path(os.path.normpath(file)))
            node = self.node(current)
            found.update(node.files)
            pending.extend(node.includes)
        return found

    def decide(self, directory: Path, display: str, allow_remote: bool) -> Kustomization:
        node = self.node(directory)
        if node.error is not None:
            return Kustomization(directory, display, error=node.error)
        found = self.closure(directory)
        if found.error is not None:
            # What an unreadable base would fetch or read is unknown: not rendered.
            return Kustomization(
                directory,
                display,
                refused=f"kustomization not rendered: a kustomization it includes cannot be "
                f"read ({found.error})",
            )
        if found.outside:
            return Kustomization(
                directory,
                display,
                refused="kustomization not rendered: it reads "
                f"{_listed(found.outside)} outside the scanned target",
            )
        if found.special:
            return Kustomization(
                directory,
                display,
                refused="kustomization not rendered: it lists "
                f"{_listed(found.special)}, which is not a regular file",
            )
        if found.remote and not allow_remote:
            return Kustomization(
                directory,
                display,
                refused="kustomization not rendered: it fetches remote resources "
                f"({_listed(found.remote)}), which iacgate does not do "
                "(--allow-remote-kustomize allows it)",
            )
        if found.loads > MAX_LOADS:
            return Kustomization(
                directory,
                display,
                refused="kustomization not rendered: it includes more than "
                f"{MAX_LOADS} kustomizations counting repeats (kubectl would load each "
                "repeat again)",
            )
        return Kustomization(directory, display, remote=bool(found.remote))


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _mappings(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _listed(references: Sequence[str]) -> str:
    shown = ", ".join(repr(r[:100]) for r in references[:_SHOWN_REFERENCES])
    more = len(references) - _SHOWN_REFERENCES
    return shown + (f" and {more} more" if more > 0 else "")


# -- discovery ----------------------------------------------------------------------------------


def discover_inputs(
    targets: Sequence[Path],
    root: Path,
    *,
    boundary: Path | None = None,
    allow_remote: bool = False,
) -> Iterator[Candidate | Skip | Kustomization]:
    """Like :func:`discover`, with every kustomization directory of a walked tree yielded
    once, and the files the walked kustomizations list marked with their owner.

    ``boundary`` (default: ``root``) is what a kustomization may read; ``allow_remote`` lets
    it fetch remote resources."""
    reader = _Reader(boundary or root)
    for target in targets:
        if not target.is_dir():
            if target.name in KUSTOMIZATION_FILES and target.is_file():
                directory = target.absolute().parent
                yield _with_inputs(
                    reader,
                    reader.decide(directory, display_path(directory, root), allow_remote),
                    root,
                )
            else:
                yield from discover([target], root)
            continue
        items = list(discover([target], root))
        directories: dict[Path, None] = {}
        for item in items:
            if isinstance(item, Candidate) and item.path.name in KUSTOMIZATION_FILES:
                directories.setdefault(item.path.absolute().parent)
        owners: dict[Path, str] = {}
        included: set[Path] = set()
        for directory in directories:
            display = display_path(directory, root)
            for file in reader.node(directory).files:
                owners.setdefault(file, display)
            included.update(reader.node(directory).includes)
        for directory in directories:
            display = display_path(directory, root)
            if reader.node(directory).kind == "Component" and not reader.node(directory).error:
                if directory not in included:
                    yield Kustomization(
                        directory,
                        display,
                        refused="kustomize Component not rendered: a component is rendered "
                        "only through a kustomization that includes it, and no scanned "
                        "kustomization does",
                    )
                continue  # judged through the kustomizations that include it
            yield _with_inputs(reader, reader.decide(directory, display, allow_remote), root)
        for item in items:
            if not isinstance(item, Candidate):
                yield item
            elif item.path.name in KUSTOMIZATION_FILES:
                continue  # rendered with its directory
            elif is_terraform_file(item.path.name):
                yield item  # never owned by a kustomization
            else:
                owner = owners.get(item.path.absolute())
                yield replace(item, owner=owner) if owner is not None else item


def _with_inputs(reader: _Reader, kustomization: Kustomization, root: Path) -> Kustomization:
    if kustomization.error is not None or kustomization.refused is not None:
        return kustomization
    files = reader.inputs(kustomization.directory)
    shown = sorted(display_path(f, root) for f in files)
    return replace(kustomization, inputs=tuple(f for f in shown if not f.startswith("../")))


def rendering_inputs(directory: Path, boundary: Path) -> set[Path]:
    """The local files a rendering of the kustomization ``directory`` reads (see
    ``Kustomization.inputs``), absolute: the pre-commit hook renders a kustomization when one
    of them changed."""
    return _Reader(boundary).inputs(directory.absolute())


# -- rendering ----------------------------------------------------------------------------------


def _environment(home: str, allow_remote: bool) -> dict[str, str]:
    """What kubectl sees: no cluster, no user configuration, no git or HTTP unless allowed."""
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": home,
        "XDG_CONFIG_HOME": home,
        "XDG_CACHE_HOME": home,
        "TMPDIR": home,
        "KUBECONFIG": os.devnull,
        "LANG": "C",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_COUNT": "2",
        "GIT_CONFIG_KEY_0": "protocol.allow",
        "GIT_CONFIG_VALUE_0": "never",
        # Local clones (file:// and plain paths) could read any repository on the machine.
        "GIT_CONFIG_KEY_1": "protocol.file.allow",
        "GIT_CONFIG_VALUE_1": "never",
    }
    if allow_remote:
        env["GIT_ALLOW_PROTOCOL"] = "https:ssh:git"
        for name in (
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
            "NO_PROXY",
            "no_proxy",
            "SSH_AUTH_SOCK",
        ):
            if name in os.environ:
                env[name] = os.environ[name]
    else:
        env["GIT_ALLOW_PROTOCOL"] = ""  # an empty list: no protocol at all
        # Anything that still tried HTTP would go to a port where nothing listens.
        for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY"):
            env[name] = "http://127.0.0.1:9"
        env["NO_PROXY"] = env["no_proxy"] = ""
    return env


_KLOG_PREFIX = re.compile(r"^[EWIF]\d{4} [\d:.]+\s+\d+ \S+\] ")


def _reason(stderr: str) -> str:
    """kubectl's error on one line, without its log prefix; past 600 characters its end,
    where the cause is."""
    lines = [_KLOG_PREFIX.sub("", line).strip() for line in stderr.splitlines()]
    text = " ".join(line for line in lines if line and line not in (">", "<"))
    return text if len(text) <= 600 else "..." + text[-600:]


def _limit_output() -> None:
    import resource

    # kubectl's output goes to a file: past this size the kernel stops it (SIGXFSZ).
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_OUTPUT_BYTES + 1, MAX_OUTPUT_BYTES + 1))


def render(kustomization: Kustomization, *, allow_remote: bool = False) -> FileResult:
    """Run ``kubectl kustomize`` on the directory and read its output; never raises."""
    import shutil

    display = kustomization.display
    result = FileResult(display)
    # What is said about the kustomization itself names its file: a file can be annotated,
    # and the pre-commit hook reports the files it was given.
    file = kustomization.file

    def not_scanned(reason: str) -> FileResult:
        result.diagnostics.append(Diagnostic(DiagnosticKind.NOT_SCANNED, file, reason))
        return result

    if kustomization.error is not None:
        result.diagnostics.append(
            Diagnostic(DiagnosticKind.PARSE_ERROR, file, f"kustomization: {kustomization.error}")
        )
        return result
    if kustomization.refused is not None:
        return not_scanned(kustomization.refused)
    if kustomization.remote and not allow_remote:
        return not_scanned("kustomization not rendered: it fetches remote resources")
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        return not_scanned(
            "kustomization not rendered: kubectl is not on PATH (install kubectl, or scan "
            "`kubectl kustomize DIR | iacgate scan -`)"
        )
    deadline = budget.deadline()
    if deadline.expired():
        return not_scanned(f"kustomization not rendered: {deadline.reason()}")
    done = _run(kubectl, kustomization, allow_remote, min(TIMEOUT_SECONDS, deadline.remaining()))
    if isinstance(done, tuple):
        result.diagnostics.append(Diagnostic(done[0], file, done[1]))
        return result
    rendered = load_rendered(done.decode("utf-8", "replace"), display)
    if not rendered.records and not rendered.diagnostics:  # records: objects rendered
        return not_scanned("kustomization renders no objects: nothing it lists is judged")
    from iacgate.sources.kubernetes.records import Manifests

    for record in rendered.records:
        if isinstance(record, Manifests):
            # Every file the rendering read may have written what an object holds (a patch
            # in the overlay, a base's resource): the objects' origins.
            record.origins = tuple((file, 1) for file in kustomization.inputs)
    return rendered


def _run(
    kubectl: str, kustomization: Kustomization, allow_remote: bool, timeout: float
) -> bytes | tuple[DiagnosticKind, str]:
    """kubectl's output, or why there is none: a parse-error when kubectl judged the
    kustomization broken, not-scanned when it could not run to the end."""
    failed, stopped = DiagnosticKind.PARSE_ERROR, DiagnosticKind.NOT_SCANNED
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="iacgate-kustomize-") as home:
        out_path, err_path = Path(home) / "out", Path(home) / "err"
        try:
            with out_path.open("wb") as out, err_path.open("wb") as err:
                process = subprocess.Popen(
                    [kubectl, "kustomize", str(kustomization.directory.absolute())],
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=err,
                    cwd=home,
                    env=_environment(home, allow_remote),
                    preexec_fn=_limit_output,
                )
                try:
                    code = process.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
                    if budget.deadline().expired():
                        return (
                            stopped,
                            f"kubectl kustomize was stopped: {budget.deadline().reason()}",
                        )
                    return failed, f"kubectl kustomize did not finish within {timeout:.0f} s"
        except OSError as exc:
            return stopped, f"kustomization not rendered: cannot run kubectl: {exc.strerror or exc}"
        if out_path.stat().st_size > MAX_OUTPUT_BYTES:
            return stopped, f"kubectl kustomize output is over the {MAX_OUTPUT_BYTES} byte limit"
        if code != 0:
            errors = read_bytes(err_path, 64 * 1024)
            text = errors.decode("utf-8", "replace") if isinstance(errors, bytes) else ""
            return failed, "kubectl kustomize failed: " + (_reason(text) or f"exit {code}")
        output = read_bytes(out_path, MAX_OUTPUT_BYTES)
        if isinstance(output, bytes):
            return output
        return stopped, f"kubectl kustomize output unreadable: {output.skipped or output.error}"


def load_rendered(text: str, display: str) -> FileResult:
    """Resources from ``kubectl kustomize`` output of the directory ``display``."""
    from iacgate.sources.kubernetes import manifests
    from iacgate.sources.kubernetes.records import Manifests  # only when rendering
    from iacgate.sources.structured import load_documents

    result = FileResult(display)
    try:
        documents = load_documents(text, display)
    except SourceError as exc:
        result.diagnostics.append(
            Diagnostic(DiagnosticKind.PARSE_ERROR, display, exc.message, exc.line, exc.column)
        )
        return result
    lines = text.splitlines()
    found = Manifests()
    for document in documents:
        spans = _provenance(document, lines, display)
        for obj in manifests.objects([document], display):
            obj_spans = spans if spans is not document.spans else obj.spans
            file = _file_of(obj_spans, display)
            found.add(obj.body, display, file, obj_spans, again=f"{display}#{document.index}")
            result.recognised = True
    if found.objects:
        result.records.append(found)
    return result


def _file_of(spans: Mapping[AttrPath, Location], default: str) -> str:
    root = spans.get(())
    return root.file if root is not None else default


def _provenance(document: Document, lines: list[str], display: str) -> dict[AttrPath, Location]:
    """The document's spans, moved to the file its origin annotation names (if any)."""
    body = document.value
    annotations = body.get("metadata", {}).get("annotations") if isinstance(body, dict) else None
    origin = annotations.get(ORIGIN_ANNOTATION) if isinstance(annotations, dict) else None
    path = _origin_path(origin)
    if path is None:
        return document.spans
    file = posixpath.normpath(posixpath.join(display, path))
    if file == ".." or file.startswith("../"):
        return document.spans  # never a name outside the scan root
    # Line 1 is the object's first line: after an explicit "---", the line below it.
    first = document.start_line
    explicit = 0 < first <= len(lines) and lines[first - 1].startswith("---")
    offset = first if explicit else first - 1
    return {
        key: Location(file, max(1, loc.start_line - offset), max(1, loc.end_line - offset))
        for key, loc in document.spans.items()
    }


def _origin_path(origin: object) -> str | None:
    """``path:`` of a local origin annotation (a small YAML map); None for remote origins."""
    if not isinstance(origin, str):
        return None
    fields = {}
    for line in origin.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    if fields.get("repo") or not fields.get("path"):
        return None
    path = fields["path"]
    return None if posixpath.isabs(path) else path
