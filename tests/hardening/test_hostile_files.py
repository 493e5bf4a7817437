"""Hostile files: each is handled with a clear outcome, and the scan goes on with the others.

Bounds are asserted with resource limits on a whole-process scan (address space and CPU time),
not with wall-clock timers.
"""

from __future__ import annotations

import codecs
import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

GOOD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n"
MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space for the scanning process
CPU_LIMIT = 60  # seconds of CPU


def _limits() -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))

    return apply


def scan_bounded(root: Path, *args: str) -> tuple[int, dict[str, object]]:
    """Scan ``root`` in a process that dies if it exceeds the memory or CPU limits."""
    result = subprocess.run(
        [sys.executable, "-P", "-m", "iacgate", "scan", "--format", "json", *args, "."],
        cwd=root,
        capture_output=True,
        text=True,
        preexec_fn=_limits(),
        check=False,
    )
    assert result.returncode in (0, 1), (result.returncode, result.stderr[-3000:])
    return result.returncode, json.loads(result.stdout)


def _with_good_file(root: Path) -> None:
    (root / "good.yaml").write_text(GOOD)


def _assert_good_scanned(report: dict[str, object]) -> None:
    findings = report["findings"]
    assert isinstance(findings, list)
    assert any(f["file"] == "good.yaml" and f["code"] == "K8S-002" for f in findings)


def _parse_errors(report: dict[str, object]) -> dict[str, str]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return {f["file"]: f["message"] for f in findings if f["name"] == "parse-error"}


def _skipped(report: dict[str, object]) -> dict[str, str]:
    skipped = report["skipped"]
    assert isinstance(skipped, list)
    return {s["file"]: s["reason"] for s in skipped}


def test_alias_bomb(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 12):
        lines.append(f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 10) + "]")
    (tmp_path / "bomb.yaml").write_text("apiVersion: v1\nkind: ConfigMap\n" + "\n".join(lines))
    _with_good_file(tmp_path)
    _, report = scan_bounded(tmp_path)
    assert "alias bomb" in _parse_errors(report)["bomb.yaml"]
    _assert_good_scanned(report)


def test_deeply_nested_documents(tmp_path: Path) -> None:
    (tmp_path / "flow.yaml").write_text("[" * 200_000 + "]" * 200_000)
    (tmp_path / "block.yaml").write_text("".join("  " * i + "k:\n" for i in range(1000)))
    (tmp_path / "deep.json").write_text('{"a":' * 50_000 + "1" + "}" * 50_000)
    _with_good_file(tmp_path)
    _, report = scan_bounded(tmp_path)
    errors = _parse_errors(report)
    assert set(errors) == {"flow.yaml", "block.yaml", "deep.json"}
    _assert_good_scanned(report)


def test_long_lines_and_size_limit(tmp_path: Path) -> None:
    (tmp_path / "long.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  x: "
        + "a" * 3_000_000
        + "\n"
    )
    (tmp_path / "huge.yaml").write_text("a: b\n" * 2_000_000)  # 10 MB
    _with_good_file(tmp_path)
    _, report = scan_bounded(tmp_path)
    assert "long.yaml" not in _parse_errors(report)
    assert "limit" in _skipped(report)["huge.yaml"]
    _assert_good_scanned(report)
    # The limit is configurable.
    _, report = scan_bounded(tmp_path, "--max-file-size", "1000")
    assert "limit" in _skipped(report)["long.yaml"]


def test_binary_encodings_and_line_endings(tmp_path: Path) -> None:
    (tmp_path / "binary.yaml").write_bytes(b"\x00\x01\x02ELF" * 100)
    (tmp_path / "latin1.yaml").write_bytes(
        "apiVersion: v1\nkind: Pod\n# caf\xe9\n".encode("latin-1")
    )
    (tmp_path / "utf16.yaml").write_bytes(codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"))
    (tmp_path / "crlf.yaml").write_bytes(GOOD.replace("\n", "\r\n").encode())
    (tmp_path / "bom8.yaml").write_bytes(codecs.BOM_UTF8 + GOOD.encode())
    _with_good_file(tmp_path)
    _, report = scan_bounded(tmp_path)
    assert _skipped(report)["binary.yaml"] == "binary file"
    assert "UTF-8" in _parse_errors(report)["latin1.yaml"]
    findings = report["findings"]
    assert isinstance(findings, list)
    for name in ("utf16.yaml", "crlf.yaml", "bom8.yaml"):
        (hit,) = [f for f in findings if f["file"] == name and f["code"] == "K8S-002"]
        assert hit["start_line"] == 6, name  # same line as in the plain file


def test_unreadable_special_files_and_symlinks(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    outside = tmp_path / "outside.yaml"
    outside.write_text(GOOD)
    (root / "escape.yaml").symlink_to(outside)
    (root / "dangling.yaml").symlink_to(root / "nowhere.yaml")
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "sub").mkdir()
    (root / "sub" / "up").symlink_to(root, target_is_directory=True)
    (root / "inside.yaml").symlink_to(root / "sub" / "real.yaml")
    (root / "sub" / "real.yaml").write_text(GOOD)
    os.mkfifo(root / "pipe.yaml")
    _with_good_file(root)
    _, report = scan_bounded(root)
    skipped = _skipped(report)
    assert "outside" in skipped["escape.yaml"]
    assert skipped["pipe.yaml"] == "not a regular file"
    assert skipped["dangling.yaml"] == "not a regular file"
    assert "not followed" in skipped["loop"] and "not followed" in skipped["sub/up"]
    findings = report["findings"]
    assert isinstance(findings, list)
    assert {f["file"] for f in findings if f["code"] == "K8S-002"} == {
        "good.yaml",
        "inside.yaml",
        "sub/real.yaml",
    }


def test_named_fifo_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    result = subprocess.run(
        [sys.executable, "-P", "-m", "iacgate", "scan", "--format", "json", "pipe.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # Never read, and never passed silently: a gating file-not-scanned finding.
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["skipped"] == [{"file": "pipe.yaml", "reason": "not a regular file"}]
    assert [(f["file"], f["name"]) for f in report["findings"]] == [
        ("pipe.yaml", "file-not-scanned")
    ]


@pytest.mark.skipif(sys.platform != "linux", reason="file-count stress test sized for Linux tmpfs")
def test_directory_of_100000_empty_files(tmp_path: Path) -> None:
    spread = tmp_path / "many"
    spread.mkdir()
    for bucket in range(100):
        folder = spread / f"d{bucket:03}"
        folder.mkdir()
        for index in range(1000):
            (folder / f"f{index:04}.yaml").touch()
    _with_good_file(spread)
    _, report = scan_bounded(spread)
    summary = report["summary"]
    assert isinstance(summary, dict)
    assert summary["files"] == 100_001
    _assert_good_scanned(report)
