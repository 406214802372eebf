"""The suite's guard: an error logged by our code fails the test unless the test expects it."""

from __future__ import annotations

INNER = '''
import logging
import threading

import pytest

log = logging.getLogger("operator_assist.somewhere")


def test_logs_an_error():
    log.error("disk full")


def test_logs_an_error_on_a_worker_thread():
    worker = threading.Thread(target=lambda: log.error("worker broke"))
    worker.start()
    worker.join()


def test_logs_an_exception():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log.exception("handler failed")


@pytest.mark.logs_errors("the journal is read-only on purpose")
def test_marked():
    log.error("expected")


@pytest.mark.logs_errors
def test_marked_without_a_reason():
    log.error("expected")


def test_takes_its_error(logged_errors):
    log.error("expected %d", 1)
    assert logged_errors.take_messages() == ["expected 1"]


def test_a_warning_or_another_library_is_not_ours():
    log.warning("only a warning")
    logging.getLogger("urllib3").error("theirs")
'''


def test_an_error_logged_by_our_code_fails_the_test_unless_it_is_expected(pytester, logged_errors):
    pytester.makepyfile(test_inner=INNER)
    result = pytester.runpytest_inprocess("-p", "tests.log_guard", "-p", "no:cacheprovider", "-rA")
    logged_errors.take()  # the inner run's records reach this test's guard too
    result.assert_outcomes(passed=7, errors=4)
    result.stdout.fnmatch_lines_random(
        [
            "ERROR test_inner.py::test_logs_an_error - Failed: our code*",
            "ERROR test_inner.py::test_logs_an_error_on_a_worker_thread - Failed: our code*",
            "ERROR test_inner.py::test_logs_an_exception - Failed: our code*",
            "ERROR test_inner.py::test_marked_without_a_reason - Failed: @pytest.mark.logs*",
            "PASSED test_inner.py::test_marked",
            "PASSED test_inner.py::test_takes_its_error",
            "PASSED test_inner.py::test_a_warning_or_another_library_is_not_ours",
        ]
    )
    result.stdout.fnmatch_lines(
        ["*our code logged 1 error(s) during this test*", "ERROR operator_assist.somewhere: handler failed", "*RuntimeError: boom"]
    )
