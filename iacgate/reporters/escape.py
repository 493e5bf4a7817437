"""Escaping for every human-readable output: what a scanned tree names is shown, never obeyed.

File names, resource names, messages and reasons come from the scanned tree (or a live account
that anyone with write access shapes). Written raw they could drive the reader's tools: ANSI and
OSC sequences rewrite a terminal (titles, hyperlinks, cleared lines), bidirectional controls make
text read differently from what it is, a line starting with ``::`` is a workflow command to the
GitHub Actions runner (``::stop-commands::`` silences every later annotation), a backtick or a
bracket in Markdown opens links and images, and a control character makes XML unreadable.

One rule for all of them: control, separator and bidirectional characters become visible escapes
(``\\x1b``, ``\\u202e``), so the reader sees that they were there. Each format adds its own
quoting on top: :func:`guard_lines` for line-based text, :func:`md_code` and :func:`md_text` for
Markdown, :func:`xml_text` for XML.
"""

from __future__ import annotations

import re

# C0 controls, DEL and C1 controls (ESC starts ANSI/OSC sequences; CSI is also a C1 character).
_CONTROL = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
# Characters that reorder or hide text (Trojan Source, CVE-2021-42574), and the Unicode line
# and paragraph separators that some viewers break lines at.
_INVISIBLE = [
    0x061C,  # arabic letter mark
    0x200B,  # zero width space
    0x200E,  # left-to-right mark
    0x200F,  # right-to-left mark
    *range(0x202A, 0x202F),  # embeddings and overrides
    *range(0x2066, 0x206A),  # isolates
    0x2028,  # line separator
    0x2029,  # paragraph separator
    0xFEFF,  # zero width no-break space
]


def _escape_of(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_TABLE = {code: _escape_of(code) for code in (*_CONTROL, *_INVISIBLE)}
_TABLE_KEEP_NEWLINES = {k: v for k, v in _TABLE.items() if k != 0x0A}
_NEEDS = re.compile("[" + "".join(re.escape(chr(c)) for c in _TABLE) + "]")


def visible(text: str) -> str:
    """``text`` with control, separator and bidirectional characters as visible escapes (a
    newline too: one value stays on one line)."""
    if _NEEDS.search(text) is None:
        return text  # the common case, without building a new string
    return text.translate(_TABLE)


def visible_lines(text: str) -> str:
    """Like :func:`visible`, but newlines stay (a message of several lines, written by us)."""
    if _NEEDS.search(text) is None:
        return text
    return text.translate(_TABLE_KEEP_NEWLINES)


# Blanks and colour codes (our own, on a terminal) may precede the two colons.
_COMMAND = re.compile(r"^((?:[ \t]|\x1b\[[0-9;]*m)*):(?=:)", re.M)


def guard_lines(text: str) -> str:
    """No line may start with ``::`` (after blanks): the GitHub Actions runner reads such a line
    from a job's output as a workflow command. The first colon becomes ``\\x3a``."""
    if "::" not in text:
        return text
    return _COMMAND.sub(r"\1\\x3a", text)


def safe_text(text: str) -> str:
    """A block of human-readable text for a terminal or a CI log, written by us around values
    that may not be: separators kept, every other control escaped, no workflow commands."""
    return guard_lines(visible_lines(text))


# -- Markdown (GitHub Flavored Markdown) ---------------------------------------------------------

# What opens markup inside a line: emphasis, code spans, links and images (``[``), table cells,
# strikethrough, math (GitHub renders ``$…$``), entities, and the colon of URLs and emoji
# shortcodes (GitHub links ``http://…`` and ``www.…`` found in plain text; escaped, they stay
# text). Values are never written at the start of a line, so list and heading markers need no
# escape.
_MD_PUNCTUATION = re.compile(r"([\\`*_\[\]|~$&:])")
_WWW = re.compile(r"(?i)\bwww\.")


def md_text(text: str) -> str:
    """Text in a Markdown paragraph or table cell: markup characters backslash-escaped (no
    emphasis, no code span, no link, image or autolink), ``<`` and ``>`` as entities (no HTML),
    one line."""
    escaped = _MD_PUNCTUATION.sub(r"\\\1", visible(text))
    escaped = _WWW.sub(lambda m: m.group()[:3] + "\\.", escaped)
    return escaped.replace("<", "&lt;").replace(">", "&gt;")


def md_code(text: str, *, table: bool = True) -> str:
    """Text as a Markdown code span that nothing inside can close: the fence is one backtick
    longer than the longest run of backticks inside (CommonMark), so links, images and HTML in
    the text stay literal. In a table, pipes are escaped (GFM reads ``\\|`` in code spans)."""
    value = visible(text)
    if table:
        value = value.replace("|", "\\|")
    longest = max((len(run) for run in re.findall("`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or not value.strip() else ""
    return f"{fence}{pad}{value}{pad}{fence}"


# -- XML -----------------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all (even as references): C0 controls other than tab,
# newline and carriage return, surrogates, U+FFFE and U+FFFF.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str, *, newlines: bool = True) -> str:
    """Text for an XML attribute or element: well-formed whatever the input, with the same
    visible escapes as the other formats (ElementTree quotes ``<``, ``&`` and ``"`` itself)."""
    shown = visible_lines(text) if newlines else visible(text)
    return _XML_INVALID.sub(lambda m: _escape_of(ord(m.group())), shown)
