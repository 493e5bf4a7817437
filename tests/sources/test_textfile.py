"""Reading text: BOMs, encodings, binary files and the size limit."""

from __future__ import annotations

import codecs
from pathlib import Path

from iacgate.sources.textfile import decode_bytes, read_text


def test_boms_are_detected() -> None:
    text = "kind: Pod\n"
    assert decode_bytes(codecs.BOM_UTF8 + text.encode()).text == text
    assert decode_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le")).text == text
    assert decode_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be")).text == text


def test_binary_and_invalid_utf8() -> None:
    assert decode_bytes(b"\x7fELF\x00\x00\x01").skipped == "binary file"
    bad = decode_bytes(b"name: caf\xe9\n")
    assert bad.text is None and bad.error is not None and "UTF-8" in bad.error


def test_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" * 1000)
    result = read_text(big, max_bytes=100)
    assert result.text is None and result.skipped is not None and "limit" in result.skipped
    assert read_text(big, max_bytes=10_000).text is not None


def test_unreadable_file_is_an_error(tmp_path: Path) -> None:
    result = read_text(tmp_path / "missing.yaml")
    assert result.text is None and result.error is not None
