"""Outside text (offers, phrases, scenarios) is shown as plain text; offers never hop hosts."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from .hostile_http import Loopback

HOSTILE = (
    '<h1>Заголовок</h1><a href="http://example.invalid">ссылка</a>'
    '<span style="font-size:200px">x</span><img src="file:///etc/hostname">'
)


def renders_literally(label: QLabel, text: str) -> bool:
    """The label lays ``text`` out exactly as a plain-text label with the same font would."""
    reference = QLabel()
    reference.setFont(label.font())
    reference.setWordWrap(label.wordWrap())
    reference.setTextFormat(Qt.TextFormat.PlainText)
    reference.setText(text)
    return label.text() == text and label.sizeHint() == reference.sizeHint()


def test_an_offer_card_shows_markup_from_a_source_as_literal_text(qtbot, tmp_path):
    from operator_assist.ui.offers.card import OfferCard

    card = OfferCard()
    qtbot.addWidget(card)
    card.show_offer(HOSTILE, HOSTILE + " текст", reminder=HOSTILE)
    for label in (card.title_label, card.script, card.reminder):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert renders_literally(card.script, HOSTILE + " текст")
    assert renders_literally(card.title_label, HOSTILE)


def tooltip_shows(tooltip: str, text: str) -> bool:
    document = QTextDocument()
    from PySide6 import QtGui

    document.setHtml(tooltip) if QtGui.Qt.mightBeRichText(tooltip) else document.setPlainText(tooltip)
    return document.toPlainText() == text


def test_the_offer_lamp_tooltip_shows_a_title_literally(qtbot):
    from operator_assist.ui.offers.indicator import OfferIndicator

    lamp = OfferIndicator()
    qtbot.addWidget(lamp)
    lamp.set_state("red", "Предложение", HOSTILE, HOSTILE)
    assert tooltip_shows(lamp.button.toolTip(), HOSTILE)
    assert renders_literally(lamp.status_label, HOSTILE)


def test_a_category_label_from_a_phrase_file_is_plain_text(qtbot, tmp_path, make_window, paths):
    paths.phrases_dir.mkdir()
    (paths.phrases_dir / "mine.yaml").write_text(
        'category: mine\nlabel: "<h1>Мои</h1><img src=\'file:///etc/hostname\'>"\n'
        "phrases:\n  - id: mine.x\n    text: Привет\n",
        encoding="utf-8",
    )
    window = make_window()
    window.phrases.reveal("mine.x")  # the list makes widgets of the rows in view
    headings = [w for w in window.phrases.findChildren(QLabel) if w.objectName() == "phraseHeading"]
    hostile = [h for h in headings if "<h1>" in h.text()]
    assert hostile and all(h.textFormat() == Qt.TextFormat.PlainText for h in hostile)


# --- HTTP redirects ---------------------------------------------------------------------


class Server(Loopback):
    def __init__(self, host: str, redirect_to: str | None = None) -> None:
        self.hits = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                owner.hits += 1
                if redirect_to and self.path != "/same":
                    self.send_response(302)
                    self.send_header("Location", redirect_to)
                    self.end_headers()
                    return
                body = json.dumps({"id": "x", "title": "Т", "text": "Текст"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        super().__init__(Handler, host)


@pytest.fixture
def servers():
    made = []

    def make(*args, **kwargs):
        made.append(Server(*args, **kwargs))
        return made[-1]

    yield make
    for server in made:
        server.close()


def test_the_http_source_does_not_follow_a_redirect_to_another_host(servers):
    from operator_assist.core.offer_sources import OfferContext, OfferSourceError
    from operator_assist.offers.http import HttpOfferSource

    other = servers("127.0.0.2")
    first = servers("127.0.0.1", redirect_to=other.url + "/offer")
    source = HttpOfferSource(first.url + "/offer")
    with pytest.raises(OfferSourceError, match="перенаправление на другой адрес"):
        source.fetch(OfferContext("specialist", "c1"))
    assert first.hits == 1 and other.hits == 0


def test_the_http_source_follows_a_redirect_on_the_same_host(servers):
    from operator_assist.core.offer_sources import OfferContext
    from operator_assist.offers.http import HttpOfferSource

    server = servers("127.0.0.1", redirect_to="/same")
    offer = HttpOfferSource(server.url + "/offer").fetch(OfferContext("specialist", "c1"))
    assert offer is not None and offer.title == "Т" and server.hits == 2
