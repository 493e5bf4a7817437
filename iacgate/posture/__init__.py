"""Posture over time: a history of JSON reports (scan, drift, inventory) read in ``generated_at``
order, and the figures made from it: compliance per framework and control, coverage, drift rate,
trends with mean times to detect and remediate, expiring exceptions, top risks
(docs/reporting.md). Nothing here is loaded by a scan."""
