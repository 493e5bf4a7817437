"""The configuration file: discovery, schema validation with precise errors, and each setting
applied to a real scan."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from iacgate.gate.config import load_config
from iacgate.gate.errors import ConfigError
from iacgate.gate.globs import match_name, match_path

from .helpers import cli, codes, deployment, scan_json, write


def test_globs() -> None:
    assert match_path("prod/**", "prod/a/b.yaml")
    assert match_path("prod/", "prod/x.yaml")
    assert not match_path("prod/**", "production/x.yaml")
    assert match_path("**/k8s/*.yaml", "a/b/k8s/x.yaml")
    assert match_path("**/k8s/*.yaml", "k8s/x.yaml")
    assert not match_path("k8s/*.yaml", "k8s/sub/x.yaml")
    assert match_name("apps/Deployment/*", "apps/Deployment/shop/web")
    assert match_name("K8S-00?", "K8S-001") and not match_name("K8S-00?", "K8S-010")


def test_bad_config_is_exit_2_with_file_line_path_and_expectation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "app.yaml": deployment("web"),
            ".iacgate.yaml": "fail-on: high\nunknown: sometimes\nrules:\n  select: [K8S-001, 3]\n",
        },
    )
    code, out, err = cli("scan", ".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2, out
    assert ".iacgate.yaml:2: at unknown: expected one of 'report', 'fail', 'ignore'" in err
    assert ".iacgate.yaml:4: at rules.select[1]: expected string, found int" in err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "fail_on: high\n",
            ".iacgate.yaml:1: at fail_on: unknown key 'fail_on'; did you mean 'fail-on'?",
        ),
        ("exceptions:\n  - rule: K8S-001\n    owner: a\n    reason: b\n", "'expires' is required"),
        (
            "exceptions:\n  - {rule: K8S-001, owner: a, reason: b, expires: 2030-01-01}\n",
            "an exception needs a resource selector",
        ),
        (
            "exceptions:\n  - {rule: K8S-001, owner: a, reason: b, expires: soon, kind: x}\n",
            "at exceptions[0].expires: expected a date YYYY-MM-DD, found 'soon'",
        ),
        ("severity:\n  K8S-001: urgent\n", "at severity.K8S-001: expected one of 'info'"),
        ("rules: [K8S-001]\n", "at rules: expected object, found list"),
        ("a: [\n", "invalid YAML"),
    ],
)
def test_schema_errors_name_what_was_expected(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / ".iacgate.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert expected in str(caught.value)
    assert ".iacgate.yaml" in str(caught.value)


def test_pyproject_section_and_explicit_config_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "app.yaml": deployment("web", privileged=True),
            "pyproject.toml": '[project]\nname = "x"\n\n[tool.iacgate]\nfail-on = "none"\n',
            "strict.yaml": "fail-on: low\nseverity: {K8S-001: low}\n",
        },
    )
    code, report = scan_json(".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and report["summary"]["fail_on"] == "none"
    code, report = scan_json(
        ".", "--config", "strict.yaml", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 1
    assert [f["severity"] for f in report["findings"]] == ["low"]
    (tmp_path / "pyproject.toml").write_text('[tool.iacgate]\nfail-on = "urgent"\n')
    code, _, err = cli("scan", ".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2 and "pyproject.toml [tool.iacgate]: at fail-on" in err
    code, _out, err = cli(
        "scan", ".", "--no-config", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 1, err


def test_config_found_from_a_subdirectory_up_to_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            ".iacgate.yaml": (
                "environments:\n  - {name: dev, paths: ['sub/dev/**'], fail-on: none}\n"
            ),
            "sub/dev/app.yaml": deployment("web", privileged=True),
            "sub/prod/app.yaml": deployment("api", privileged=True),
        },
    )
    (tmp_path / ".git").mkdir()
    # Globs are relative to the configuration's directory, even when scanning from below it.
    code, report = scan_json(".", cwd=tmp_path / "sub", monkeypatch=monkeypatch, capsys=capsys)
    gating = [(f["file"], f.get("environment", "")) for f in report["findings"] if f["gating"]]
    assert code == 1 and gating == [("prod/app.yaml", "")]


def test_rule_selection_by_code_name_tag_framework_and_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = deployment("web", privileged=True).replace("runAsNonRoot: true", "runAsNonRoot: false")
    write(tmp_path, {"app.yaml": bad})

    def selected(config: str) -> list[str]:
        (tmp_path / ".iacgate.yaml").write_text(config)
        _, report = scan_json(".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
        return sorted({f["code"] for f in report["findings"]})

    assert selected("{}") == ["K8S-001", "K8S-004"]
    assert selected("rules: {select: [K8S-001]}") == ["K8S-001"]
    assert selected("rules: {select: [container-may-run-as-root]}") == ["K8S-004"]
    assert selected("rules: {select: ['tag:pss-baseline']}") == ["K8S-001"]
    assert selected("rules: {select: ['framework:k8s-pss'], ignore: ['K8S-00[1]']}") == ["K8S-004"]
    assert selected("rules: {select: ['pack:k8s_core'], ignore: [privileged-container]}") == [
        "K8S-004"
    ]


def test_severity_overrides_fail_on_and_unknown_handling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, {"app.yaml": deployment("web", privileged=True)})
    (tmp_path / ".iacgate.yaml").write_text(
        "severity: {privileged-container: low}\nfail-on: medium\n"
    )
    code, report = scan_json(".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and report["findings"][0]["severity"] == "low"
    # The command line overrides the configuration.
    code, _ = scan_json(
        ".", "--fail-on", "low", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 1


def test_unknown_verdicts_report_fail_or_ignore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from iacgate import api
    from iacgate.findings import FindingStatus
    from iacgate.gate.process import Settings, judge

    write(tmp_path, {"app.yaml": deployment("web", privileged=True)})
    scan = api.scan([str(tmp_path)], root=tmp_path)
    unknown = [
        f.__class__(**{**{s: getattr(f, s) for s in f.__slots__}, "status": FindingStatus.UNKNOWN})
        for f in scan.findings
    ]
    scan = api.ScanReport(tuple(unknown), 1, 1, 14, 14, 13, graph=scan.graph)
    for policy, failed, kept in (("report", False, 1), ("fail", True, 1), ("ignore", False, 0)):
        (tmp_path / "c.yaml").write_text(f"unknown: {policy}\n")
        config = load_config(tmp_path / "c.yaml")
        report = judge(scan, Settings(config=config, root=tmp_path))
        assert (report.failed, len(report.findings)) == (failed, kept), policy


def test_environments_make_prod_stricter_than_sandbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    medium = deployment("web", image="nginx:latest")  # K8S-010 (and K8S-036, ignored below)
    write(
        tmp_path,
        {
            "prod/app.yaml": medium,
            "sandbox/app.yaml": medium.replace("name: web", "name: sb"),
            "sandbox/priv.yaml": deployment("priv", privileged=True),
            ".iacgate.yaml": (
                "fail-on: high\n"
                "rules: {ignore: [K8S-036]}\n"
                "environments:\n"
                "  - name: prod\n    paths: ['prod/**']\n    fail-on: medium\n"
                "  - name: sandbox\n    paths: ['sandbox/**']\n    fail-on: none\n"
                "    rules: {ignore: [K8S-010]}\n"
            ),
        },
    )
    code, report = scan_json(".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    assert [(f["file"], f["code"], f["gating"]) for f in report["findings"]] == [
        ("prod/app.yaml", "K8S-010", True),
        ("sandbox/priv.yaml", "K8S-001", False),
    ]
    assert report["findings"][0]["environment"] == "prod"


def test_include_and_exclude_paths_are_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "k8s/app.yaml": deployment("web", privileged=True),
            "k8s/vendor/broken.yaml": "a: [\n",
            "other/app.yaml": deployment("x", privileged=True),
            ".iacgate.yaml": "paths: {include: ['k8s/**'], exclude: ['k8s/vendor/']}\n",
        },
    )
    _code, report = scan_json(".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert codes(report) == [("K8S-001", "apps/Deployment/shop/web")]
    assert report["summary"]["files"] == 1


def test_packs_from_config_resolve_against_its_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "policies" / "local"
    write(
        pack,
        {
            "__init__.py": "",
            "pack.toml": 'name = "local"\nmodules = ["names"]\n',
            "names.py": (
                "from iacgate.rules import dsl\n"
                "from iacgate.rules.metadata import Severity\n"
                "from iacgate.rules.verdicts import fail, ok\n\n"
                "@dsl.rule(code='LOC-001', name='name-too-short', kind='k8s.apps.deployment',\n"
                "          severity=Severity.HIGH)\n"
                "def short(resource, ctx):\n"
                '    """Names are long.\n\n    What it checks\n        x\n\n    Why it matters\n'
                '        x\n\n    How to fix\n        x\n    """\n'
                "    name = resource.get('metadata.name')\n"
                "    return fail('short name', ('metadata', 'name')) if len(name) < 4 else ok()\n"
            ),
        },
    )
    write(
        tmp_path,
        {
            "app/web.yaml": deployment("web"),
            ".iacgate.yaml": "packs: [policy_packs.k8s_core, ./policies/local]\n",
        },
    )
    # A directory pack named by a configuration runs only when the configuration is trusted.
    code, out, err = cli("scan", "app", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2 and out == ""
    assert ".iacgate.yaml:1: packs: ./policies/local is a directory pack" in err
    assert "pass --trust-config" in err
    code, report = scan_json(
        "app", "--trust-config", cwd=tmp_path / "app" / "..", monkeypatch=monkeypatch, capsys=capsys
    )
    assert codes(report) == [("LOC-001", "apps/Deployment/shop/web")] and code == 1
    (tmp_path / ".iacgate.yaml").write_text("packs: [no_such_pack_installed]\n")
    code, _out, err = cli("scan", ".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2 and "no_such_pack_installed: not an installed policy pack" in err


def test_importing_iacgate_and_version_load_no_jsonschema_or_git() -> None:
    probe = (
        "import sys, iacgate, iacgate.cli, iacgate.gate.run, iacgate.reporters.sarif\n"
        "bad = [m for m in ('jsonschema', 'git') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True)


def test_selectors_that_select_nothing_are_errors_naming_their_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "app.yaml": deployment("web"),
            ".iacgate.yaml": (
                "fail-on: high\n"
                "rules:\n"
                "  ignore: [K8S-014, K8S-999, 'tag:hygene']\n"
                "severity:\n"
                "  'framework:cis-k8s-1.8': medium\n"
                "  image-not-pinned: high\n"
                "  CORE-011: medium\n"
                "environments:\n"
                "  - name: prod\n"
                "    paths: ['prod/**']\n"
                "    rules: {select: ['pack:k8s-core']}\n"
                "exceptions:\n"
                "  - {rule: privileged-containr, kind: x, owner: o, reason: r,\n"
                "     expires: 2999-01-01}\n"
            ),
        },
    )
    code, out, err = cli("scan", ".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2 and out == ""
    assert ".iacgate.yaml:3: at rules.ignore[1]: no loaded rule matches 'K8S-999'" in err
    assert (
        ".iacgate.yaml:3: at rules.ignore[2]: no loaded rule has tag 'hygene' (did you "
        "mean tag:hygiene?)" in err
    )
    assert (
        ".iacgate.yaml:5: at severity.framework:cis-k8s-1.8: no loaded rule has framework "
        "'cis-k8s-1.8' (did you mean framework:cis-k8s-1.9?)" in err
    )
    assert ".iacgate.yaml:11: at environments[0].rules.select[0]: no loaded rule has pack" in err
    assert (
        ".iacgate.yaml:13: exception for privileged-containr: no loaded rule matches "
        "'privileged-containr' (did you mean 'privileged-container'?)" in err
    )
    # Valid selectors (a code, a name, a CORE code) are not reported.
    assert "K8S-014'" not in err and "image-not-pinned" not in err and "CORE-011" not in err


def test_a_misspelt_key_names_its_own_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "app.yaml": deployment("web"),
            ".iacgate.yaml": "version: 1\nunknown: report\nfial-on: medium\n"
            "paths:\n  includes: ['k8s/**']\n",
        },
    )
    code, _, err = cli("scan", ".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2
    assert ".iacgate.yaml:3: at fial-on: unknown key 'fial-on'; did you mean 'fail-on'?" in err
    assert ".iacgate.yaml:5: at paths.includes: unknown key 'includes'; did you mean" in err


def test_output_format_without_a_path_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, {"app.yaml": deployment("web")})
    code, _, err = cli(
        "scan", ".", "--output", "sarif", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 2 and "--output sarif: name the file: --output sarif=PATH" in err
    assert not (tmp_path / "sarif").exists()
    (tmp_path / "out").mkdir()
    for value in ("out", "sarif=out"):
        code, _, err = cli(
            "scan", ".", "--output", value, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
        )
        assert code == 2 and "out: is a directory; name a file" in err, err
