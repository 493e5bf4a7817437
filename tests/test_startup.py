"""The command line keeps dataclass methods compiled between runs (iacgate/startup.py): the
classes are the same with or without the cache, a bad entry is ignored, and only the command
line installs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from iacgate import startup

PROBE = r"""
import dataclasses, inspect, json, sys
from typing import Optional
if sys.argv[1] == "install":
    from iacgate import startup
    startup.install()

@dataclasses.dataclass(frozen=True, slots=True)
class Node:
    name: str
    size: int = 3
    tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)
    note: Optional[str] = dataclasses.field(default=None, compare=False, repr=False)

a, b = Node("x"), Node("x", note="other")
try:
    a.name = "y"
    frozen = False
except dataclasses.FrozenInstanceError:
    frozen = True
print(json.dumps({
    "hooked": "exec" in vars(dataclasses),
    "repr": repr(a), "equal": a == b, "hash": hash(a) == hash(b), "frozen": frozen,
    "signature": str(inspect.signature(Node)),
    "annotations": {k: str(v) for k, v in Node.__init__.__annotations__.items()},
    "replace": repr(dataclasses.replace(a, size=4)),
}))
"""


def _probe(mode: str, cache: Path, **env: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, mode],
        capture_output=True,
        text=True,
        env=dict(os.environ, XDG_CACHE_HOME=str(cache), **env),
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _entry(cache: Path) -> Path:
    found = sorted((cache / "iacgate").glob(f"{startup.ENTRY}-*"))
    assert len(found) == 1, found
    return found[0]


def test_classes_are_the_same_with_the_cache_cold_warm_and_without(tmp_path: Path) -> None:
    plain = _probe("plain", tmp_path)
    cold = _probe("install", tmp_path)
    entry = _entry(tmp_path)
    assert entry.stat().st_mode & 0o777 == 0o600
    warm = _probe("install", tmp_path)
    assert plain.pop("hooked") is False
    assert cold.pop("hooked") is True and warm.pop("hooked") is True
    assert plain == cold == warm
    assert plain["signature"].startswith("(name: str, size: int = 3")  # type: ignore[union-attr]


def test_a_tampered_or_foreign_entry_is_ignored(tmp_path: Path) -> None:
    _probe("install", tmp_path)
    entry = _entry(tmp_path)
    data = bytearray(entry.read_bytes())
    data[-5] ^= 0xFF  # the MAC no longer holds: compiled again, and the entry rewritten
    entry.write_bytes(bytes(data))
    assert _probe("install", tmp_path)["equal"] is True
    assert entry.read_bytes() != bytes(data)
    (tmp_path / "iacgate" / "key").write_bytes(os.urandom(32))  # another key: not trusted
    assert _probe("install", tmp_path)["frozen"] is True


def test_the_environment_turns_it_off(tmp_path: Path) -> None:
    assert _probe("install", tmp_path, IACGATE_NO_CACHE="1")["hooked"] is False
    assert not list((tmp_path / "iacgate").glob(f"{startup.ENTRY}-*"))


def test_the_command_line_uses_it_and_importing_the_package_does_not(tmp_path: Path) -> None:
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    subprocess.run([sys.executable, "-m", "iacgate", "--version"], env=env, check=True)
    assert _entry(tmp_path).stat().st_size > 1000
    imported = subprocess.run(
        [sys.executable, "-c", "import dataclasses, iacgate; print('exec' in vars(dataclasses))"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert imported.stdout.strip() == "False"
