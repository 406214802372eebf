import importlib
import json
import os
import queue
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from operator_assist.core.offer_sources import (
    Offer,
    OfferContext,
    OfferSource,
    OfferSourceError,
    OfferSourceTimeout,
    parse_offer,
)
from operator_assist.core.plugins import UnknownPlugin, entry_points_by_name
from operator_assist.offers import SOURCES, create_source
from operator_assist.offers.demo import DemoOfferSource
from operator_assist.offers.file import FileOfferSource
from operator_assist.offers.http import HttpOfferSource
from operator_assist.offers.poller import OfferPoller

CONTEXT = OfferContext(role="specialist", call_id="c0ffee")
OFFER_JSON = {"id": "tariff.smart", "title": "Тариф «Смарт»", "text": "Для Вас есть тариф с большим пакетом."}


# --- shape --------------------------------------------------------------------------------


def test_parse_offer_shapes():
    assert parse_offer(OFFER_JSON) == Offer("tariff.smart", "Тариф «Смарт»", "Для Вас есть тариф с большим пакетом.")
    assert parse_offer(None) is None and parse_offer({}) is None
    for bad, message in (([1], "пришло list"), ({"id": "x", "title": "t"}, "'text'"), ({**OFFER_JSON, "title": "  "}, "'title'")):
        with pytest.raises(OfferSourceError, match=message):
            parse_offer(bad)


# --- discovery ----------------------------------------------------------------------------


def test_builtins_are_found_through_entry_points():
    assert {"none", "demo", "file", "http"} <= set(entry_points_by_name(SOURCES.group))
    assert create_source("none").fetch(CONTEXT) is None
    assert isinstance(create_source("demo"), DemoOfferSource)
    assert create_source("file:/tmp/x.json").path.name == "x.json"
    assert create_source("http:http://127.0.0.1:1/offer").url == "http://127.0.0.1:1/offer"
    assert create_source("http://127.0.0.1:1/offer").url == "http://127.0.0.1:1/offer"


def test_the_builtins_are_made_without_looking_up_the_entry_points_they_are_registered_as():
    built_in = SOURCES.built_in
    assert {name: entry.load() for name, entry in entry_points_by_name(SOURCES.group).items() if name in built_in} == built_in


def test_unknown_source_lists_the_available_ones():
    with pytest.raises(UnknownPlugin) as error:
        create_source("chordiant")
    assert "неизвестный источник предложений 'chordiant'" in str(error.value)
    assert "none" in str(error.value) and "file:PATH" in str(error.value) and "http:URL" in str(error.value)


@pytest.mark.parametrize("spec, message", [("file", "нужен путь"), ("http:ftp://x", "нужен адрес"), ("none:x", "не нужен аргумент")])
def test_bad_arguments_are_clear(spec, message):
    with pytest.raises(ValueError, match=message):
        create_source(spec)


def test_a_third_party_plugin_is_discovered(tmp_path, monkeypatch):
    (tmp_path / "fake_offer_plugin.py").write_text(
        "from operator_assist.core.offer_sources import Offer, OfferSource\n"
        "class FakeSource(OfferSource):\n"
        "    def fetch(self, context):\n"
        "        return Offer('fake.1', 'Плагин', 'Предложение из плагина')\n",
        encoding="utf-8",
    )
    dist = tmp_path / "fakeplugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: fakeplugin\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(
        "[operator_assist.offer_sources]\nfake = fake_offer_plugin:FakeSource\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    assert "fake" in SOURCES.names()
    source = create_source("fake")
    assert source.name == "fake" and source.fetch(CONTEXT).title == "Плагин"


# --- demo ------------------------------------------------------------------------------------


def test_demo_offers_are_stable_per_call_and_sometimes_absent():
    source = DemoOfferSource()
    results = [source.fetch(OfferContext("specialist", f"call-{n}")) for n in range(400)]
    assert results == [source.fetch(OfferContext("specialist", f"call-{n}")) for n in range(400)]
    empty = sum(r is None for r in results)
    assert 60 <= empty <= 140  # about one call in four
    assert len({r.id for r in results if r}) >= 5
    assert source.fetch(OfferContext("specialist", None)) is None


# --- file ---------------------------------------------------------------------------------------


def write(path, text, version):
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(version * 10**9, version * 10**9))  # a new mtime even within one clock tick


def test_file_source_follows_the_file(tmp_path):
    path = tmp_path / "offer.json"
    source = FileOfferSource(str(path))
    with pytest.raises(OfferSourceError, match="offer.json"):
        source.fetch(CONTEXT)
    write(path, json.dumps(OFFER_JSON), 1)
    assert source.fetch(CONTEXT).id == "tariff.smart"
    write(path, json.dumps({**OFFER_JSON, "id": "tariff.max"}), 2)
    assert source.fetch(CONTEXT).id == "tariff.max"
    write(path, "null", 3)
    assert source.fetch(CONTEXT) is None
    write(path, '{"id": "broken", ', 4)
    with pytest.raises(OfferSourceError, match="ни JSON, ни YAML"):
        source.fetch(CONTEXT)
    write(path, "id: from.yaml\ntitle: Из YAML\ntext: Текст предложения\n", 5)
    assert source.fetch(CONTEXT) == Offer("from.yaml", "Из YAML", "Текст предложения")
    write(path, "[1, 2]", 6)
    with pytest.raises(OfferSourceError, match="нужен объект"):
        source.fetch(CONTEXT)
    write(path, "{}", 7)
    assert source.fetch(CONTEXT) is None


# --- http against a real local server ------------------------------------------------------------


class OfferServer:
    """A real HTTP server on 127.0.0.1 whose answer the test switches."""

    def __init__(self):
        self.mode = "offer"
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if server.mode == "hang":
                    server.release.wait(10)
                body = {"offer": json.dumps(OFFER_JSON), "none": "null", "malformed": '{"id": '}.get(server.mode, "null")
                status = 500 if server.mode == "error" else 200
                data = body.encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except ConnectionError:
                    pass  # after a hang: the client timed out and left

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/offer"
        # close() waits for the loop's next look at shutdown: 20 ms, not the default 0.5 s
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = OfferServer()
    yield s
    s.close()


def test_http_source_offer_none_malformed_error_hang_recover(server):
    source = HttpOfferSource(server.url)
    source.timeout = 0.3
    assert source.fetch(CONTEXT).id == "tariff.smart"
    server.mode = "none"
    assert source.fetch(CONTEXT) is None
    server.mode = "malformed"
    with pytest.raises(OfferSourceError, match="неверный JSON"):
        source.fetch(CONTEXT)
    server.mode = "error"
    with pytest.raises(OfferSourceError, match="HTTP 500"):
        source.fetch(CONTEXT)
    server.mode = "hang"
    with pytest.raises(OfferSourceError):
        source.fetch(CONTEXT)
    server.release.set()
    server.mode = "offer"
    assert source.fetch(CONTEXT).id == "tariff.smart"


def fetch_threads():
    return [t for t in threading.enumerate() if t.name == "offer-fetch"]


def test_poller_reports_a_hang_as_a_timeout_without_piling_up_threads(server):
    source = HttpOfferSource(server.url)
    source.timeout = 0.3
    source.interval = 0.05
    results = queue.Queue()
    poller = OfferPoller(source, lambda: CONTEXT, results.put)
    poller.start()
    try:
        assert results.get(timeout=5).offer.id == "tariff.smart"
        server.mode = "hang"
        result = results.get(timeout=5)
        while result.error is None:  # polls already under way may still answer
            result = results.get(timeout=5)
        assert result.error == "no answer within 0.3 s" and result.offer is None
        for _ in range(5):  # later polls while the fetch still hangs
            assert results.get(timeout=5).error == "no answer within 0.3 s"
        assert len(fetch_threads()) <= 1
        server.mode = "offer"
        server.release.set()
        result = results.get(timeout=5)
        while result.error is not None:
            result = results.get(timeout=5)
        assert result.offer.id == "tariff.smart"  # recovered by itself
    finally:
        poller.stop()
    assert not poller._loop.is_alive()


def test_a_source_that_raises_is_an_error_result_and_logged(caplog):
    class Broken(OfferSource):
        name = "broken"

        def fetch(self, context):
            raise RuntimeError("plugin bug")

    results = []
    result = OfferPoller(Broken(), lambda: CONTEXT, results.append).poll_once()
    assert result.error == "RuntimeError: plugin bug" and results == [result]
    assert "offer source broken failed" in caplog.text


def test_a_source_s_own_timeout_is_reported_as_the_poller_s(server):
    source = HttpOfferSource(server.url)
    source.timeout = 0.3
    server.mode = "hang"
    with pytest.raises(OfferSourceTimeout):
        source.fetch(CONTEXT)  # the socket gave up first, as it may under load
    server.release.set()

    def gives_up(context):
        raise OfferSourceTimeout("timed out")

    source.fetch = gives_up  # answers «timed out» at once: well before the poller's join(0.3)
    assert OfferPoller(source, lambda: CONTEXT, lambda result: None).poll_once().error == "no answer within 0.3 s"
