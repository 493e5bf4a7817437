"""Reading a file's text safely: size limit, binary detection, BOMs and encodings."""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from iacgate.sources.terraform import is_terraform_file

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# A plan or state names every resource with all its attributes: one of 20,000 resources is
# ~25 MB. It is read with the C JSON parser, about 4 s and 10x its size in memory per GiB.
DEFAULT_MAX_PLAN_BYTES = 256 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class TextResult:
    text: str | None
    skipped: str | None = None  # reason the file was not read as text
    error: str | None = None  # reason the text is unreadable


def decode_bytes(data: bytes, *, nul_is_binary: bool = True) -> TextResult:
    """Decode with BOM detection; UTF-8 otherwise. NUL bytes without a BOM mean binary
    (unless ``nul_is_binary`` is off: then only undecodable bytes are an error)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return TextResult(data[len(bom) :].decode(encoding))
            except UnicodeDecodeError as exc:
                return TextResult(None, error=f"invalid {encoding} text: {exc.reason}")
    if nul_is_binary and b"\x00" in data[:8192]:
        return TextResult(None, skipped="binary file")
    try:
        return TextResult(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return TextResult(None, error=f"not UTF-8 text (byte {exc.start}: {exc.reason})")


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes | TextResult:
    """A regular file's bytes, at most ``max_bytes``; a ``TextResult`` saying why not.

    The one bounded reader: FIFOs and devices (``/dev/zero`` behind a symlink) are refused
    before reading, and the file is opened non-blocking and checked again once open, so
    swapping it for a FIFO in between cannot block the scan either."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return TextResult(None, skipped="not a regular file")
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return TextResult(None, skipped="not a regular file")
            if info.st_size > max_bytes:
                return TextResult(
                    None, skipped=f"file is {info.st_size} bytes, over the {max_bytes} limit"
                )
            # Read one byte more than allowed: files that grow while we read stay bounded.
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return TextResult(None, error=f"cannot read file: {exc.strerror or exc}")
    if len(data) > max_bytes:
        return TextResult(None, skipped=f"file is over the {max_bytes} byte limit")
    return data


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> TextResult:
    data = read_bytes(path, max_bytes)
    if isinstance(data, TextResult):
        return data
    # Terraform reads NUL bytes as text: ``terraform validate`` accepts them in comments and in
    # strings. In its files a NUL is left to the parser instead of meaning "binary".
    return decode_bytes(data, nul_is_binary=not is_terraform_file(path.name))
