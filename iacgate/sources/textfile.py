"""Reading a file's text safely: size limit, binary detection, BOMs and encodings."""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path

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


def decode_bytes(data: bytes) -> TextResult:
    """Decode with BOM detection; UTF-8 otherwise. NUL bytes without a BOM mean binary."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return TextResult(data[len(bom) :].decode(encoding))
            except UnicodeDecodeError as exc:
                return TextResult(None, error=f"invalid {encoding} text: {exc.reason}")
    if b"\x00" in data[:8192]:
        return TextResult(None, skipped="binary file")
    try:
        return TextResult(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return TextResult(None, error=f"not UTF-8 text (byte {exc.start}: {exc.reason})")


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> TextResult:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return TextResult(None, skipped=f"file is {size} bytes, over the {max_bytes} limit")
        with path.open("rb") as handle:
            # Read one byte more than allowed: files that grow while we read stay bounded.
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return TextResult(None, error=f"cannot read file: {exc.strerror or exc}")
    if len(data) > max_bytes:
        return TextResult(None, skipped=f"file is over the {max_bytes} byte limit")
    return decode_bytes(data)


@dataclass(frozen=True, slots=True)
class BytesResult:
    data: bytes | None
    skipped: str | None = None  # reason the file was not read
    error: str | None = None  # reason it could not be read


def read_regular_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> BytesResult:
    """The bytes of a regular file, at most ``max_bytes`` of them.

    For files a scanned tree names itself (a Terraform ``file()``, a module manifest): it is
    opened without blocking and checked with ``fstat`` on the open descriptor, so a FIFO, a
    device (``/dev/zero``) or a socket — directly or through a symlink — is refused instead of
    hanging or filling memory, with no race between the check and the read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return BytesResult(None, error=f"cannot read file: {exc.strerror or exc}")
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return BytesResult(None, skipped="not a regular file")
        if status.st_size > max_bytes:
            return BytesResult(
                None, skipped=f"file is {status.st_size} bytes, over the {max_bytes} limit"
            )
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        return BytesResult(None, error=f"cannot read file: {exc.strerror or exc}")
    finally:
        os.close(descriptor)
    if len(data) > max_bytes:  # /proc files report a size of 0
        return BytesResult(None, skipped=f"file is over the {max_bytes} byte limit")
    return BytesResult(data)


def read_regular_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> TextResult:
    """``read_text`` for regular files only (see ``read_regular_bytes``)."""
    read = read_regular_bytes(path, max_bytes)
    if read.data is None:
        return TextResult(None, skipped=read.skipped, error=read.error)
    return decode_bytes(read.data)
