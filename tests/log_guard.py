"""An error logged by our own code fails the test it happened in, unless the test expects it.

Loaded by ``tests/conftest.py``. Records of level ERROR and above from loggers under
``operator_assist``, from any thread, between the test's setup and its teardown, are collected.
A test that expects one either takes them (``logged_errors.take()``, then asserts on them)
or carries ``@pytest.mark.logs_errors("why")``; anything left fails the test at teardown.
"""

from __future__ import annotations

import logging

import pytest

LOGGER = "operator_assist"


class LoggedErrors(logging.Handler):
    """The ERROR records of the running test (``emit`` runs under the handler's lock)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        """The records so far; the test now owns them (they no longer fail it)."""
        with self.lock:
            taken, self.records = self.records, []
        return taken

    def take_messages(self) -> list[str]:
        return [record.getMessage() for record in self.take()]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "logs_errors(reason): the test makes our code log an error on purpose (say why); it does not fail the test",
    )


@pytest.fixture(autouse=True)
def logged_errors(request: pytest.FixtureRequest):
    """Autouse, so it is set up before and torn down after the test's other fixtures."""
    handler = LoggedErrors()
    logger = logging.getLogger(LOGGER)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
    marker = request.node.get_closest_marker("logs_errors")
    if marker is not None:
        if not (marker.args or marker.kwargs.get("reason")):
            pytest.fail("@pytest.mark.logs_errors needs a reason: why does this test log an error?", pytrace=False)
        return
    left = handler.take()
    if left:
        shown = "\n".join(handler.format(record) for record in left)
        pytest.fail(
            f"our code logged {len(left)} error(s) during this test; fix the cause, or take them with "
            f"logged_errors.take() and assert on them, or mark the test @pytest.mark.logs_errors(reason):\n{shown}",
            pytrace=False,
        )
