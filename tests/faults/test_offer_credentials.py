"""An offer source's address with a password (issue 28 #17): the password is sent as HTTP Basic auth
and shown nowhere: not on the lamp, not in a notice, not in the log."""

from __future__ import annotations

import base64
import json
import logging
import os
import subprocess
import sys
from http.server import BaseHTTPRequestHandler

import pytest

from operator_assist.core.offer_sources import OfferContext, OfferSourceError
from operator_assist.offers.http import HttpOfferSource

from .conftest import StallMeter
from .hostile_http import Loopback
from .test_fault_suite import call_with, finish, window_with

PASSWORD = "pa55-w0rd"


class AuthServer(Loopback):
    """Answers an offer to ``crm:PASSWORD`` (Basic), 401 to anyone else; ``status`` forces an error."""

    def __init__(self, status: int = 200) -> None:
        self.seen: list[str | None] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                owner.seen.append(self.headers.get("Authorization"))
                good = self.headers.get("Authorization") == "Basic " + base64.b64encode(f"crm:{PASSWORD}".encode()).decode()
                code = status if good else 401
                body = json.dumps({"id": "x", "title": "Т", "text": "Текст"}).encode() if code == 200 else b"{}"
                self.send_response(code)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        super().__init__(Handler)
        self.url = self.url.replace("http://", f"http://crm:{PASSWORD}@") + "/offer"


@pytest.fixture
def auth_server():
    made = []

    def make(status: int = 200) -> AuthServer:
        made.append(AuthServer(status))
        return made[-1]

    yield make
    for server in made:
        server.close()


def test_the_password_in_the_address_is_sent_as_basic_auth(auth_server):
    server = auth_server()
    offer = HttpOfferSource(server.url).fetch(OfferContext("specialist", "c1"))
    assert offer is not None and offer.title == "Т"
    assert server.seen[0].startswith("Basic ")


def test_an_error_names_the_address_without_the_password(auth_server):
    server = auth_server(status=500)
    source = HttpOfferSource(server.url)
    with pytest.raises(OfferSourceError) as caught:
        source.fetch(OfferContext("specialist", "c1"))
    assert PASSWORD not in str(caught.value) and "crm:" not in str(caught.value)
    assert "http://***@127.0.0.1:" in str(caught.value) and "HTTP 500" in str(caught.value)


def test_a_bad_spec_with_a_password_is_said_without_it():
    from operator_assist.offers import create_source

    with pytest.raises(ValueError) as caught:
        create_source(f"http:ftp://crm:{PASSWORD}@example.invalid/x")
    assert PASSWORD not in str(caught.value)


def test_the_lamp_the_notices_and_the_log_never_show_the_password(qtbot, paths, auth_server, fault_row, caplog):
    server = auth_server(status=500)
    caplog.set_level(logging.DEBUG)
    window, clock, _ = window_with(qtbot, paths, offer_spec=f"http:{server.url}")
    meter = StallMeter()

    def fault():
        qtbot.waitUntil(lambda: window.session.offer_state.view.kind == "unavailable", timeout=10000)
        return f"{window.offer_indicator.status_label.text()} — {window.offer_indicator.button.toolTip()}"

    message = call_with(qtbot, window, clock, fault, meter)
    shown = [message, window.notices.banner.text(), window.statusBar().currentMessage(), caplog.text]
    finish(qtbot, window, meter, paths, fault_row, "offer URL with a password, source failing", message, ["***@"])
    assert not [text for text in shown if PASSWORD in text]


def test_the_command_line_in_the_log_hides_the_password(tmp_path):
    data = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    spec = f"http:http://crm:{PASSWORD}@127.0.0.1:9/offer"
    result = subprocess.run(
        [sys.executable, "-m", "operator_assist", "--exit-after-startup", "--log-level", "INFO", "--data-dir", str(data),
         "--offer-source", spec],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    log = (data / "logs" / "operator-assist.log").read_text(encoding="utf-8")
    assert "--offer-source http:http://***@127.0.0.1:9/offer" in log and PASSWORD not in log + result.stderr
