"""The HTML posture report in a real headless Chromium: it renders, logs no console message,
loads nothing but itself, keeps hostile strings as text, prints, and gives the screenshot that
docs/reporting.md shows.

The page is served from a loopback HTTP server that records every request, so a load of any
other resource (even one a Content-Security-Policy would block) shows. Chromium logs console
messages (errors, CSP violations) on stderr with ``--enable-logging=stderr --v=0``. A negative
control proves both checks catch a bad page. ``IACGATE_SCREENSHOT=docs/reporting.png`` copies
the screenshot there (how the one in the docs was made).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from iacgate.posture.history import load
from iacgate.posture.report import build
from iacgate.reporters.report_html import render

from .synthetic import NOW, write_history

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (Debian: apt-get install chromium; .ci/run installs it "
    "when run as root)",
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)
CONSOLE = re.compile(r":CONSOLE[:(\d)]*\]? ?(.*)$")


class _Server(ThreadingHTTPServer):
    pages: dict[str, bytes]
    requests: list[str]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        body = self.server.pages.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[_Server]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.pages, httpd.requests = {}, []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@dataclass
class Visit:
    dom: str
    console: list[str]
    requests: list[str]


def chromium(tmp_path: Path, url: str, *action: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    profile.mkdir()  # a new, empty profile for every run
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *action, url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def visit(server: _Server, tmp_path: Path, html: str) -> Visit:
    server.pages["/report.html"] = html.encode("utf-8")
    url = f"http://127.0.0.1:{server.server_address[1]}/report.html"
    done = chromium(tmp_path, url, "--dump-dom")
    console = [m.group(1) for m in map(CONSOLE.search, done.stderr.splitlines()) if m]
    return Visit(done.stdout, console, list(server.requests))


def png_size_and_colours(path: Path) -> tuple[int, int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    idat, offset = b"", 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        if data[offset + 4 : offset + 8] == b"IDAT":
            idat += data[offset + 8 : offset + 8 + length]
        offset += 12 + length
    return width, height, len(set(zlib.decompress(idat)))


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    return render(build(load([], write_history(tmp_path_factory.mktemp("history"))), NOW))


def test_the_report_renders_without_errors_and_loads_nothing_else(
    page: str, server: _Server, tmp_path: Path
) -> None:
    seen = visit(server, tmp_path, page)
    assert seen.console == []
    assert seen.requests == ["/report.html"]
    assert "<h1>Security posture</h1>" in seen.dom
    for section in ("compliance", "trends", "remediation", "coverage", "drift", "risks"):
        assert f'id="{section}"' in seen.dom
    # Three charts for the nightly target; the live target, scanned once, is a table row.
    assert seen.dom.count("<svg") == 3 and "Targets with one run" in seen.dom
    assert "<script" not in seen.dom
    url = f"http://127.0.0.1:{server.server_address[1]}/report.html"
    shot = tmp_path / "report.png"
    chromium(tmp_path, url, "--window-size=1280,1900", "--hide-scrollbars", f"--screenshot={shot}")
    width, height, colours = png_size_and_colours(shot)
    assert (width, height) == (1280, 1900) and colours > 50  # drawn, not a blank page
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, url, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    printed = pdf.read_bytes()
    assert (
        printed.startswith(b"%PDF")
        and printed.count(b"/Type /Page\n")
        + printed.count(b"/Type/Page")
        + printed.count(b"/Type /Page ")
        >= 2
    )  # the whole report, over several pages
    target = os.environ.get("IACGATE_SCREENSHOT")
    if target:
        shutil.copyfile(shot, target)


def test_the_checks_catch_a_page_with_errors_and_external_loads(
    server: _Server, tmp_path: Path
) -> None:
    """Negative control: without this the test above could not fail."""
    bad = (
        "<!DOCTYPE html><html><head><title>x</title></head><body>"
        '<img src="/elsewhere.png"><script>console.error("broken")</script></body></html>'
    )
    seen = visit(server, tmp_path, bad)
    assert any("broken" in line for line in seen.console)
    assert "/elsewhere.png" in seen.requests


def test_hostile_strings_from_reports_stay_text(
    server: _Server, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    history = write_history(tmp_path_factory.mktemp("hostile"))
    scan = history / "2024-05-05" / "scan.json"
    document = json.loads(scan.read_text())
    attack = '<script>console.error("xss")</script><img src="/pwn.png">'
    for item in document["findings"]:
        item["message"] = attack
        item["file"] = '"><img src=/pwn2.png onerror=console.error(1)>'
        item["address"] = "</td></tr></table><iframe src=/pwn3></iframe>"
        if "suppressed" in item:
            item["suppressed"]["owner"] = "<b onmouseover=alert(1)>owner</b>"
            item["suppressed"]["expires"] = "2024-05-10"
    document["target"]["paths"] = ["</h3><style>body{display:none}</style>"]
    scan.write_text(json.dumps(document))
    html = render(build(load([], history), NOW))
    seen = visit(server, tmp_path, html)
    assert seen.console == []
    assert seen.requests == ["/report.html"]
    body = seen.dom.split("</style>", 1)[1]  # after the page's own stylesheet
    for tag in ("<script", "<img", "<iframe", "<b ", "<style"):
        assert tag not in body, tag
    assert "&lt;script&gt;console.error(" in seen.dom
    assert "&lt;b onmouseover=alert(1)&gt;owner&lt;/b&gt;" in seen.dom


def test_the_page_is_self_contained(page: str) -> None:
    """Statically too: no script, stylesheet, font, image or frame is referenced."""
    assert "<script" not in page and "<link" not in page and "<iframe" not in page
    assert "src=" not in page and "url(" not in page and "@import" not in page
    assert set(re.findall(r'href="([^"]*)"', page)) <= {"#problems"}
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
