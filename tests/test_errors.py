"""One error hierarchy, mapped to exit codes in one place (``cli.main``)."""

from __future__ import annotations

import pytest

from iacgate import errors
from iacgate.cli import main

from .conftest import EXAMPLES


def test_the_old_homes_export_the_same_classes() -> None:
    from iacgate.action import ActionError
    from iacgate.gate.errors import ConfigError
    from iacgate.live.aws.api import ApiFailure
    from iacgate.live.errors import CollectionFailed, LiveConfigError, LiveError, SnapshotError
    from iacgate.live.k8s.connection import ApiError
    from iacgate.merge import MergeError
    from iacgate.reporters.outputs import OutputError
    from iacgate.rules.packs import PackError
    from iacgate.sources.diagnostics import SourceError

    assert (ConfigError, PackError, LiveError, MergeError, OutputError, ActionError) == (
        errors.ConfigError,
        errors.PackError,
        errors.LiveError,
        errors.MergeError,
        errors.OutputError,
        errors.ActionError,
    )
    assert SourceError is errors.SourceError
    for error in (LiveConfigError, CollectionFailed, SnapshotError, ApiFailure, ApiError):
        assert issubclass(error, errors.IacgateError), error


def test_user_facing_value_errors_are_usage_errors_too() -> None:
    from iacgate.graph.export import FocusError
    from iacgate.sources.cloudformation.parameters import ParameterError

    for error in (FocusError, ParameterError):
        assert issubclass(error, errors.UsageError) and issubclass(error, ValueError)
        assert errors.exit_code(error("x")) == errors.EXIT_USAGE


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (errors.ConfigError, 2),
        (errors.PackError, 2),
        (errors.LiveError, 2),
        (errors.MergeError, 2),
        (errors.UsageError, 2),
        (errors.OutputError, 2),
        (errors.SourceError, 3),  # escaped its reader: a bug
        (errors.IacgateError, 3),
    ],
)
def test_each_error_has_its_exit_code(error: type[errors.IacgateError], code: int) -> None:
    assert errors.exit_code(error("x")) == code
    assert errors.exit_code(RuntimeError("x")) == errors.EXIT_INTERNAL


def _raising(error: Exception) -> object:
    def run(*args: object, **kwargs: object) -> object:
        raise error

    return run


def test_main_maps_a_configuration_error_to_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("iacgate.library.gate", _raising(errors.LiveError("no \x1b[31mcluster")))
    assert main(["scan", str(EXAMPLES)]) == 2
    # The message may quote the scanned tree: shown, not obeyed.
    assert capsys.readouterr().err == "iacgate: configuration error: no \\x1b[31mcluster\n"


def test_main_shows_a_usage_error_from_below_with_the_commands_usage(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("iacgate.library.gate", _raising(errors.UsageError("needs boto3")))
    assert main(["scan", str(EXAMPLES)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Usage: ") and " scan [OPTIONS] [PATHS]...\n" in err
    assert err.endswith("Error: needs boto3\n")


def test_main_reports_an_escaped_reader_error_as_internal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("iacgate.library.gate", _raising(errors.SourceError("bad byte", 3)))
    assert main(["scan", str(EXAMPLES)]) == 3
    assert "iacgate: internal error: SourceError: bad byte" in capsys.readouterr().err
