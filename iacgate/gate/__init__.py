"""The gate: which findings fail the run."""
