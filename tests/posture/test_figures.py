"""Every posture figure on the synthetic history (tests/posture/synthetic.py), against answers
worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from iacgate.posture.compliance import ControlState, Tally, compliance
from iacgate.posture.history import History, RuleCounts, ScanRun, load
from iacgate.posture.report import PostureReport, build
from iacgate.rules.metadata import Severity

from .synthetic import DAY, FILES_LABEL, NOW, SCOPE, write_history

CRITICAL, HIGH, MEDIUM, LOW = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    return load([], write_history(tmp_path_factory.mktemp("history")))


@pytest.fixture(scope="module")
def report(history: History) -> PostureReport:
    return build(history, NOW)


def test_history_reads_every_report_in_time_order_and_lists_what_it_could_not_use(
    history: History, report: PostureReport
) -> None:
    # 4 nightly scans + 1 live posture scan, 2 drift reports, 1 inventory snapshot.
    assert report.documents == {"scan": 5, "drift": 2, "inventory": 1}
    times = [run.generated_at for run in history.runs]
    assert times == sorted(times)
    assert report.first == dt.datetime(2024, 5, 1, 2, tzinfo=dt.UTC)  # R1
    assert report.last == dt.datetime(2024, 5, 5, 4, tzinfo=dt.UTC)  # the newer drift report
    problems = {Path(p.file).name: p.reason for p in report.problems}
    assert problems == {
        "broken.json": "not valid JSON at line 1",
        "notes.json": "not an iacgate scan report, drift report or inventory snapshot",
        "undated.json": "no generated_at (a UTC time): the report cannot be placed in the history",
    }  # README.md is no *.json: not a candidate at all


def test_compliance_per_framework_sums_the_newest_scan_of_each_target(
    report: PostureReport,
) -> None:
    # Newest scans: R4 and the live scan. Per rule (passed, failed, unknown):
    #   AWS-S3-002 R4 (3,0,0) + live (0,1,0) = (3,1,0); AWS-EC2-001 (2,0,0); AWS-IAM-001 (1,1,0);
    #   AWS-RDS-001 (1,0,1); AWS-KMS-001 (0,0,0); K8S-001 (2,1,0); K8S-002 (3,1,0); K8S-003 (2,0,0)
    # cis-aws-3.0 = S3 + EC2 + IAM + KMS: passed 3+2+1 = 6, failed 1+1 = 2 -> 6/8 = 75%
    # aws-fsbp = S3 + EC2 + IAM + RDS: passed 7, failed 2, unknown 1 -> 7/9 (unknown apart)
    # k8s-pss = K8S-001 + K8S-002: 5 passed, 2 failed -> 5/7
    # cis-k8s-1.9 = K8S-001 + K8S-003: 4 passed, 1 failed -> 4/5
    # nsa-cisa-k8s-1.2 = K8S-001 + K8S-002 (both on one control, each counted once) -> 5/7
    got = {c.framework: (c.tally, c.tally.ratio) for c in report.compliance}
    assert list(got) == ["cis-aws-3.0", "aws-fsbp", "k8s-pss", "cis-k8s-1.9", "nsa-cisa-k8s-1.2"]
    assert got["cis-aws-3.0"] == (Tally(6, 2, 0, 0), 0.75)
    assert got["aws-fsbp"] == (Tally(7, 2, 1, 0), pytest.approx(7 / 9))
    assert got["k8s-pss"] == (Tally(5, 2, 0, 0), pytest.approx(5 / 7))
    assert got["cis-k8s-1.9"] == (Tally(4, 1, 0, 0), 0.8)
    assert got["nsa-cisa-k8s-1.2"] == (Tally(5, 2, 0, 0), pytest.approx(5 / 7))
    names = {c.framework: c.name for c in report.compliance}
    assert names["k8s-pss"] == "Kubernetes Pod Security Standards"


def test_compliance_per_control_with_its_state(report: PostureReport) -> None:
    cis, fsbp, pss, cis_k8s, nsa = report.compliance
    # CIS AWS, in natural order (1.16 < 2.1.4 < 3.6 < 5.2):
    #   1.16 IAM (1,1) failing 50%; 2.1.4 S3 (3,1) failing 75%; 3.6 KMS no checks; 5.2 EC2 passing.
    assert [(c.control, c.state, c.tally.ratio) for c in cis.controls] == [
        ("1.16", ControlState.FAILING, 0.5),
        ("2.1.4", ControlState.FAILING, 0.75),
        ("3.6", ControlState.NO_DATA, None),
        ("5.2", ControlState.PASSING, 1.0),
    ]
    assert (cis.controls_in(ControlState.PASSING), cis.controls_in(ControlState.FAILING)) == (1, 2)
    # FSBP: RDS.3 has a pass and an UNKNOWN and no failure: incomplete, 100% of what was judged.
    assert [(c.control, c.state) for c in fsbp.controls] == [
        ("EC2.19", ControlState.PASSING),
        ("IAM.1", ControlState.FAILING),
        ("RDS.3", ControlState.INCOMPLETE),
        ("S3.8", ControlState.FAILING),
    ]
    assert fsbp.controls[2].tally == Tally(1, 0, 1, 0) and fsbp.controls[2].tally.ratio == 1.0
    assert [(c.control, c.tally.ratio) for c in cis_k8s.controls] == [
        ("5.1.1", 1.0),
        ("5.2.2", 2 / 3),
    ]
    (pod_security,) = nsa.controls
    assert pod_security.rules == ("K8S-001", "K8S-002") and pod_security.tally == Tally(5, 2, 0, 0)
    assert {c.control for c in pss.controls} == {"capabilities", "privileged"}


def test_not_judged_checks_are_counted_apart_from_the_ratio() -> None:
    def run(rules: tuple[RuleCounts, ...]) -> ScanRun:
        return ScanRun(
            "x.json", dt.datetime(2024, 1, 1, tzinfo=dt.UTC), "s", "s", None, "", {}, {}, {}, 0,
            0, rules, frozenset(r.code for r in rules), frozenset(), 0, 0, 0, 0, 0, (), (),
        )  # fmt: skip

    crashed = RuleCounts("X-001", "x", HIGH, (("fw", ("1",)),), 3, 1, 0, 2)
    (framework,) = compliance([run((crashed,))])
    # 3 passed, 1 failed -> 75%; the 2 checks the rule could not make are not in the ratio.
    assert framework.tally == Tally(3, 1, 0, 2) and framework.tally.ratio == 0.75
    assert framework.tally.checks == 6
    only_crashes = RuleCounts("X-001", "x", HIGH, (("fw", ("1",)),), 0, 0, 0, 2)
    (framework,) = compliance([run((only_crashes,))])
    assert framework.tally.ratio is None  # nothing judged: no figure, not 0% and not 100%
    assert framework.controls[0].state is ControlState.INCOMPLETE


def test_coverage_of_code_and_of_the_live_estate(report: PostureReport) -> None:
    coverage = report.coverage
    # R4: 12 resources read, 10 judged; live scan: 8 and 8. Estate: 18 / 20 = 90%.
    assert [(s.label, s.resources, s.judged) for s in coverage.scans] == [
        (FILES_LABEL, 12, 10),
        (SCOPE, 8, 8),
    ]
    assert coverage.scans[0].ratio == pytest.approx(10 / 12)
    assert coverage.ratio == 0.9
    # The inventory: 4 lists (kind x region), 2 complete -> 50%; the gaps by kind and region.
    (live,) = coverage.live
    assert (live.scope, live.complete, len(live.lists), live.ratio) == (SCOPE, 2, 4, 0.5)
    assert [(g.kind, g.where, g.status) for g in live.gaps] == [
        ("aws.ec2.security_group", "us-east-1", "denied"),
        ("aws.rds.db_instance", "eu-west-1", "throttled"),
    ]
    assert live.resources == 8 and coverage.live_ratio == 0.5


def test_drift_rate_from_the_newest_drift_report(report: PostureReport) -> None:
    # 05-05: 20 declared; 1 missing + 3 changed = 4 drifted -> 20%; 2 security -> 10%. The
    # 05-01 report (10 declared, 5 missing) is superseded.
    (rate,) = report.drift
    assert (rate.scope, rate.declared, rate.drifted, rate.rate) == (SCOPE, 20, 4, 0.2)
    assert (rate.security, rate.security_rate) == (2, 0.1)
    assert (rate.unmanaged, rate.unverified, rate.in_sync) == (4, 1, 15)


def test_findings_by_severity_new_and_fixed_per_run(report: PostureReport) -> None:
    files, live = report.trends
    assert (files.label, live.label) == (FILES_LABEL, SCOPE)
    rows = [
        (dict(p.open_by_severity), p.open, p.new, p.fixed, p.unverified, p.unknown, p.suppressed)
        for p in files.points
    ]
    assert rows == [
        # R1: A high, B critical, G medium open; F suppressed. Nothing to compare with.
        ({HIGH: 1, CRITICAL: 1, MEDIUM: 1}, 3, None, None, 0, 0, 1),
        # R2: C and E are new; G is absent but its rule did not run: not verified, not fixed.
        ({HIGH: 2, CRITICAL: 1, MEDIUM: 1}, 4, 2, 0, 1, 0, 1),
        # R3: D and the parse error P are new; A and G fixed; E absent in a file that did not
        # parse: not verified.
        ({CRITICAL: 1, MEDIUM: 1, LOW: 1, HIGH: 1}, 4, 2, 2, 1, 0, 1),
        # R4: nothing new; C, E and P fixed; one UNKNOWN finding (not a failing one).
        ({CRITICAL: 1, LOW: 1}, 2, 0, 3, 0, 1, 1),
    ]
    assert [p.duration_seconds for p in files.points] == [10.5, 11.0, 11.5, 12.0]
    # cis-aws-3.0 per run: R1 (2+2+1)/(7) = 5/7; R2 (2+1+1)/7 = 4/7; R3 5/7; R4 6/7.
    assert [p.compliance["cis-aws-3.0"] for p in files.points] == pytest.approx(
        [5 / 7, 4 / 7, 5 / 7, 6 / 7]
    )
    (point,) = live.points
    assert (dict(point.open_by_severity), point.new, point.fixed) == ({HIGH: 1}, None, None)


def test_mean_time_to_detect_and_to_remediate(report: PostureReport) -> None:
    # Days from R1: R1 0, R2 1, R3 3, R4 4 (the run of 05-03 is missing).
    #   A: first R1 (start unknown), fixed R3          -> TTR 3
    #   B: first R1, still open                         -> age 4
    #   C: first R2, absent at R1 (0)  -> TTD 1; fixed R4 -> TTR 4 - 1 = 3
    #   D: first R3, absent at R2 (1)  -> TTD 2 (the gap); open -> age 1
    #   E: first R2 -> TTD 1; unverified at R3; fixed R4  -> TTR 3
    #   P: first R3, R2 judged broken.yaml (1) -> TTD 2; fixed R4 -> TTR 1
    #   F: suppressed, never fixed: open from R1           -> age 4
    #   G: first R1; not verified at R2; fixed R3          -> TTR 3
    #   L (live stream, one run): open, age 0
    # MTTD = (1 + 2 + 1 + 2) / 4 = 1.5 days; MTTR = (3 + 3 + 3 + 1 + 3) / 5 = 2.6 days;
    # open: B, D, F, L, mean age (4 + 1 + 4 + 0) / 4 = 2.25 days.
    timing = report.timing
    assert (timing.mttd_seconds, timing.detected) == (1.5 * DAY, 4)
    assert (timing.mttr_seconds, timing.remediated) == (pytest.approx(2.6 * DAY), 5)
    assert (timing.open, timing.mean_open_age_seconds) == (4, 2.25 * DAY)
    episodes = {e.issue.fingerprint: e for t in report.trends for e in t.episodes}
    assert episodes["fp-E"].remediation_seconds == 3 * DAY
    assert episodes["fp-D"].detection_seconds == 2 * DAY
    assert episodes["fp-A"].detection_seconds is None  # present in the first run


def test_mean_times_by_severity(report: PostureReport) -> None:
    # critical: B open (4 days). high: A (TTR 3), E (TTD 1, TTR 3), P (TTD 2, TTR 1), L open
    # (age 0) -> MTTD 1.5, MTTR 7/3. medium: C (TTD 1, TTR 3), F open (4), G (TTR 3) -> MTTD 1,
    # MTTR 3. low: D (TTD 2), open (age 1).
    by = report.timing_by_severity
    assert list(by) == [CRITICAL, HIGH, MEDIUM, LOW]
    assert (by[CRITICAL].mttr_seconds, by[CRITICAL].open, by[CRITICAL].mean_open_age_seconds) == (
        None,
        1,
        4 * DAY,
    )
    assert (by[HIGH].mttd_seconds, by[HIGH].detected) == (1.5 * DAY, 2)
    assert (by[HIGH].mttr_seconds, by[HIGH].remediated) == (pytest.approx(7 / 3 * DAY), 3)
    assert (by[MEDIUM].mttd_seconds, by[MEDIUM].mttr_seconds, by[MEDIUM].open) == (
        1 * DAY,
        3 * DAY,
        1,
    )
    assert (by[LOW].mttd_seconds, by[LOW].mttr_seconds, by[LOW].mean_open_age_seconds) == (
        2 * DAY,
        None,
        1 * DAY,
    )


def test_exceptions_expiring_within_thirty_days_with_their_owners(report: PostureReport) -> None:
    # Today 2024-05-06; window to 06-05. Newest reports: R4's F (sec@, 05-20, 14 days left) and
    # the 05-05 drift's net@ (05-07, 1 day); platform@ (06-30) is outside the window, and the
    # 05-01 drift's x@ (05-10) is superseded by the newer drift report of the same scope.
    assert [(e.owner, e.expires.isoformat(), e.days_left, e.rules, e.findings, e.record, e.ticket)
            for e in report.expiring] == [
        ("net@example.com", "2024-05-07", 1, ("AWS-EC2-001",), 1, "", ""),
        ("sec@example.com", "2024-05-20", 14, ("AWS-IAM-001",), 1, ".iacgate.yaml:12", "SEC-1"),
    ]  # fmt: skip
    assert report.window_days == 30 and report.today == dt.date(2024, 5, 6)


def test_top_risks_use_the_risk_score_then_severity(report: PostureReport) -> None:
    # Open, unsuppressed failing findings of the newest scans: L (score 91), B (critical),
    # D (low). F is suppressed: an accepted risk is not in the top risks.
    assert [(r.risk.fingerprint, r.risk.score, r.where) for r in report.risks] == [
        ("fp-L", 91.0, SCOPE),
        ("fp-B", None, FILES_LABEL),
        ("fp-D", None, FILES_LABEL),
    ]


def test_findings_by_severity_and_framework(report: PostureReport) -> None:
    # B (K8S-001, critical) maps to three frameworks, D (K8S-002, low) to two, L (AWS-S3-002,
    # high) to two: each counts once in every framework its rule maps to.
    assert report.findings_by_framework == {
        (CRITICAL, "k8s-pss"): 1,
        (CRITICAL, "cis-k8s-1.9"): 1,
        (CRITICAL, "nsa-cisa-k8s-1.2"): 1,
        (LOW, "k8s-pss"): 1,
        (LOW, "nsa-cisa-k8s-1.2"): 1,
        (HIGH, "cis-aws-3.0"): 1,
        (HIGH, "aws-fsbp"): 1,
    }
