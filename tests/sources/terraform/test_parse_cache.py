"""The pre-commit hook's parse cache: same trees as the parser, private to the user, and safe
when its directory is hostile (tampered, foreign or malicious entries are parsed again, never
loaded blindly)."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from iacgate.sources.terraform import parse_cache
from iacgate.sources.terraform.config import parse_text
from iacgate.sources.terraform.parse_cache import ParseCache
from iacgate.usercache import KEY_FILE, MAC_BYTES

from ...conftest import CORPUS, FIXTURES
from ...gate.helpers import cli, write

TEXT = 'resource "aws_s3_bucket" "b" {\n  bucket = "b-${var.env}"\n  tags = { a = 1 }\n}\n'


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[ParseCache]:
    opened = parse_cache.enable(tmp_path / "iacgate")
    assert opened is not None
    yield opened
    parse_cache.disable()


def _entries(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.name != KEY_FILE)


def test_cached_trees_are_the_parsers_trees(cache: ParseCache, tmp_path: Path) -> None:
    sources = sorted((FIXTURES / "terraform").rglob("*.tf"))[:40]
    sources += sorted((CORPUS / "terragoat" / "terraform" / "aws").glob("*.tf"))
    texts = [(p.read_text(encoding="utf-8"), p.name) for p in sources]
    texts.append(('{"variable": {"x": {"default": 1}}}', "v.tf.json"))
    parse_cache.disable()
    plain = [parse_text(text, name) for text, name in texts]
    parse_cache.enable(tmp_path / "iacgate")
    cold = [parse_text(text, name) for text, name in texts]
    warm_cache = parse_cache.active()
    assert warm_cache is not None and warm_cache.hits == 0
    warm = [parse_text(text, name) for text, name in texts]
    assert warm_cache.hits == len({(t, n if n.endswith(".json") else "") for t, n in texts})
    assert [p.body for p in plain] == [p.body for p in cold] == [p.body for p in warm]
    assert all(p.body is not None for p in plain)


def test_the_cache_is_private_to_the_user(cache: ParseCache, tmp_path: Path) -> None:
    parse_text(TEXT, "main.tf")
    directory = tmp_path / "iacgate"
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    for path in [directory / KEY_FILE, *_entries(directory)]:
        info = path.stat()
        assert stat.S_IMODE(info.st_mode) == 0o600 and info.st_uid == os.geteuid()
    (entry,) = _entries(directory)
    # The entry's name is the digest of the text and the parser, not the file's name.
    assert entry.name == cache.digest(TEXT, "hcl") and "main" not in entry.name


def test_a_user_directory_open_to_others_is_narrowed(tmp_path: Path) -> None:
    directory = tmp_path / "iacgate"
    directory.mkdir(mode=0o777)
    directory.chmod(0o777)
    opened = ParseCache.open(directory)
    assert opened is not None
    opened.close()
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_an_unsafe_directory_or_key_turns_the_cache_off(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere"
    real.mkdir(mode=0o700)
    (tmp_path / "linked").symlink_to(real)
    assert ParseCache.open(tmp_path / "linked") is None  # a link swapped in is not followed
    (tmp_path / "file").write_text("x")
    assert ParseCache.open(tmp_path / "file") is None
    readable = tmp_path / "readable-key"
    readable.mkdir(mode=0o700)
    (readable / KEY_FILE).write_bytes(b"k" * 32)
    (readable / KEY_FILE).chmod(0o644)  # a key others can read authenticates nothing
    assert ParseCache.open(readable) is None
    short = tmp_path / "short-key"
    short.mkdir(mode=0o700)
    (short / KEY_FILE).write_bytes(b"k")
    (short / KEY_FILE).chmod(0o600)
    assert ParseCache.open(short) is None
    linked_key = tmp_path / "linked-key"
    linked_key.mkdir(mode=0o700)
    (linked_key / KEY_FILE).symlink_to(short / KEY_FILE)
    assert ParseCache.open(linked_key) is None


def test_tampered_and_foreign_entries_are_parsed_again(cache: ParseCache, tmp_path: Path) -> None:
    directory = tmp_path / "iacgate"
    expected = parse_text(TEXT, "main.tf").body
    (entry,) = _entries(directory)
    data = bytearray(entry.read_bytes())
    data[-5] ^= 0x01  # one bit of the tree
    entry.write_bytes(bytes(data))
    misses = cache.misses
    assert parse_text(TEXT, "main.tf").body == expected
    assert cache.misses == misses + 1 and cache.hits == 0
    # The parse wrote a good entry again.
    assert parse_text(TEXT, "main.tf").body == expected and cache.hits == 1

    # An entry written under another user's key (another cache directory) is not trusted.
    other = ParseCache.open(tmp_path / "other")
    assert other is not None
    other.put(entry.name, expected)  # type: ignore[arg-type]
    entry.write_bytes((tmp_path / "other" / entry.name).read_bytes())
    other.close()
    assert cache.get(entry.name) is None
    # Truncated, empty, a directory, a link: parsed again.
    entry.write_bytes(b"x" * (MAC_BYTES - 1))
    assert cache.get(entry.name) is None
    entry.unlink()
    entry.mkdir()
    assert parse_text(TEXT, "main.tf").body == expected
    entry.rmdir()
    entry.symlink_to(tmp_path / "other" / entry.name)
    assert cache.get(entry.name) is None


class _Exploit:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_an_authenticated_entry_loads_nothing_but_syntax_nodes(
    cache: ParseCache, tmp_path: Path
) -> None:
    """Even an entry the key authenticates (the key leaked) cannot run code when loaded."""
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Exploit(marker))
    key = (tmp_path / "iacgate" / KEY_FILE).read_bytes()
    name = cache.digest(TEXT, "hcl")
    mac = hmac.new(key, name.encode() + b"\x00" + payload, hashlib.sha256).digest()
    (tmp_path / "iacgate" / name).write_bytes(mac + payload)
    assert parse_text(TEXT, "main.tf").body is not None
    assert not marker.exists()


def test_the_environment_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IACGATE_NO_CACHE", "1")
    assert parse_cache.enable(tmp_path / "iacgate") is None
    assert not (tmp_path / "iacgate").exists()


def test_the_hook_uses_the_cache_unless_told_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    work = tmp_path / "work"
    write(work, {"main.tf": TEXT, "vars.tf": 'variable "env" {\n  default = "dev"\n}\n'})
    _, uncached, err = cli(
        "pre-commit", "--no-cache", "main.tf", cwd=work, monkeypatch=monkeypatch, capsys=capsys
    )
    assert not home.exists(), err
    cold, first, _ = cli("pre-commit", "main.tf", cwd=work, monkeypatch=monkeypatch, capsys=capsys)
    assert len(_entries(home / "iacgate")) == 2  # both files of the module
    warm, second, _ = cli("pre-commit", "main.tf", cwd=work, monkeypatch=monkeypatch, capsys=capsys)
    assert (warm, second) == (cold, first) and "AWS-S3" in first and first == uncached
    assert parse_cache.active() is None  # on for the hook's run only
    # A manifest-only commit parses no Terraform and does not open the cache.
    write(work, {"k.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n"})
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "unused"))
    cli("pre-commit", "k.yaml", cwd=work, monkeypatch=monkeypatch, capsys=capsys)
    assert not (tmp_path / "unused").exists()


def test_the_cache_directory_stays_within_its_bounds(tmp_path: Path) -> None:
    """A content-addressed cache only grows as files change: past a bound, the oldest entries
    go (to 80% of it), temporary files an interrupted run left behind go, the key stays."""
    from iacgate.usercache import UserCache

    store = UserCache.open(tmp_path / "iacgate")
    assert store is not None
    directory = tmp_path / "iacgate"
    for index in range(30):
        store.write(f"e{index:02}", b"x" * 100, 10_000)
        os.utime(directory / f"e{index:02}", (1_000_000 + index, 1_000_000 + index))
    stale, fresh = directory / ".e99.1.ab", directory / ".e98.2.cd"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(stale, (1_000_000, 1_000_000))
    assert store.prune(max_entries=40, max_bytes=10**6) == 1  # within bounds: only the stale file
    assert not stale.exists() and fresh.exists()
    assert store.prune(max_entries=20, max_bytes=10**6) == 14  # down to 16, the newest
    assert [p.name for p in _entries(directory) if not p.name.startswith(".")] == [
        f"e{index:02}" for index in range(14, 30)
    ]
    assert store.prune(max_entries=100, max_bytes=1_000) == 16 - 6  # 132 bytes each: 6 fit 800
    assert (directory / KEY_FILE).exists()
    assert store.read("e29", 10_000) == b"x" * 100
    store.close()
