"""--online: Nominatim through geopy, against a local server that answers like Nominatim.

Nothing leaves the machine: the server listens on 127.0.0.1 and every test
points geomap at it with --nominatim-url.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from geomap.cli import main

from conftest import DATA

# An answer in the shape of Nominatim's /search (format=json, addressdetails=1), for a
# name neither offline gazetteer knows; the values are the test's own.
HAMDAN = {
    "place_id": 1, "osm_type": "way", "osm_id": 123, "lat": "34.4800", "lon": "40.8900",
    "name": "Hamdan airport", "display_name": "Hamdan airport, Deir ez-Zor, Syria", "class": "aeroway",
    "type": "aerodrome", "addresstype": "aeroway", "importance": 0.2,
    "boundingbox": ["34.47", "34.49", "40.88", "40.90"],
    "address": {"aeroway": "Hamdan airport", "state": "Deir ez-Zor", "country": "Syria", "country_code": "sy"},
}


# Answers a server must not be trusted with: each is dropped before it is used or cached.
UNUSABLE = [
    dict(HAMDAN, name="", display_name=""),
    dict(HAMDAN, lat="NaN"),
    dict(HAMDAN, lat="999"),
    dict(HAMDAN, boundingbox=["35", "34", "40.88", "40.90"]),
    dict(HAMDAN, boundingbox="everywhere"),
    "not an object",
]


class FakeNominatim(BaseHTTPRequestHandler):
    requests: list = []
    status = 200
    mode = "good"  # or "unusable", "unusable only", "trickle", "silent", "not json"

    def do_GET(self):  # noqa: N802 (the standard library's name)
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        type(self).requests.append((time.monotonic(), url.path, query, self.headers.get("User-Agent")))
        mode = type(self).mode
        try:
            if mode == "trickle":  # one byte at a time, each well inside a socket timeout
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for byte in b"X-Slow: " + b"a" * 40:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.3)
                return
            if mode == "silent":
                time.sleep(4)
                return
        except OSError:
            return  # the client gave up, as it should
        if mode in ("unusable", "unusable only", "not json"):
            hits = UNUSABLE + ([HAMDAN] if mode == "unusable" else [])
            body = b"<html>busy</html>" if mode == "not json" else json.dumps(hits).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if type(self).status != 200:
            self.send_response(type(self).status)
            self.end_headers()
            return
        hits = [HAMDAN] if query.get("q", [""])[0].lower() == "hamdan airport" else []
        body = json.dumps(hits).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    FakeNominatim.requests = []
    FakeNominatim.status = 200
    FakeNominatim.mode = "good"
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def geocode(server, cache, *names):
    return CliRunner().invoke(main, ["geocode", "--json", "--online", "--nominatim-url", server,
                                     "--geocoder-cache", str(cache), *names])


def test_an_unknown_name_is_asked_online_and_answered(server, tmp_path):
    result = geocode(server, tmp_path / "cache.json", "Hamdan airport")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert (answer["name"], answer["country"], answer["source"], answer["kind"]) == \
        ("Hamdan airport", "SY", "nominatim", "airport")
    assert answer["latitude"] == 34.48 and answer["confidence"] == 0.6
    assert 1 < answer["precision_km"] < 2  # half the bounding box's diagonal
    (_, path, query, agent) = FakeNominatim.requests[0]
    assert path == "/search" and query["countrycodes"] == ["sy,lb,iq,jo,il,ps,tr,ir"]
    assert agent.startswith("geomap")


def test_answers_are_cached_on_disk_so_a_name_is_asked_once(server, tmp_path):
    cache = tmp_path / "cache.json"
    assert geocode(server, cache, "Hamdan airport").exit_code == 0
    assert geocode(server, cache, "Hamdan airport", "hamdan  AIRPORT").exit_code == 0
    assert len(FakeNominatim.requests) == 1
    assert "hamdan airport" in json.loads(cache.read_text(encoding="utf-8"))


def test_requests_are_spaced_one_second_apart(server, tmp_path):
    result = geocode(server, tmp_path / "cache.json", "Hamdan airport", "Nowhere One", "Nowhere Two")
    assert result.exit_code == 1  # two names unknown everywhere
    times = [t for t, *_ in FakeNominatim.requests]
    assert len(times) == 3
    assert all(later - earlier >= 0.95 for earlier, later in zip(times, times[1:]))


def test_curated_and_geonames_answers_never_go_online(server, tmp_path):
    result = geocode(server, tmp_path / "cache.json", "Al-Bokamal", "Saraqeb")
    assert result.exit_code == 0
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == ["curated", "regional"]
    assert FakeNominatim.requests == []


def test_without_online_nothing_is_asked(server, tmp_path):
    result = CliRunner().invoke(main, ["geocode", "--nominatim-url", server, "Hamdan airport"])
    assert result.exit_code == 1
    assert FakeNominatim.requests == []


def test_a_failing_server_is_a_clear_error(server, tmp_path):
    FakeNominatim.status = 503
    result = geocode(server, tmp_path / "cache.json", "Hamdan airport")
    assert result.exit_code == 2
    assert f"the online geocoder at {server} did not answer for 'Hamdan airport'" in result.stderr
    assert "Traceback" not in result.output


def test_build_can_place_a_strike_online(server, tmp_path):
    strikes = tmp_path / "strikes.csv"
    text = (DATA / "strikes.csv").read_text(encoding="utf-8").replace(",Al Kiswah,", ",Hamdan airport,", 1)
    strikes.write_text(text, encoding="utf-8")
    out = tmp_path / "map.html"
    result = CliRunner().invoke(main, ["build", "-o", str(out), "--strikes", str(strikes), "--gazetteer",
                                       str(DATA / "gazetteer.csv"), "--online", "--nominatim-url", server,
                                       "--geocoder-cache", str(tmp_path / "cache.json")])
    assert result.exit_code == 0, result.output
    assert "'Hamdan airport' is not in the curated gazetteer; placed at Hamdan airport (SY, OpenStreetMap Nominatim, way/123)" \
        in result.stderr
    html = out.read_text(encoding="utf-8")
    assert "Hamdan airport" in html and "34.48" in html


def test_unusable_answers_are_dropped_before_they_are_used_or_cached(server, tmp_path):
    FakeNominatim.mode = "unusable"
    cache = tmp_path / "cache.json"
    result = geocode(server, cache, "Hamdan airport")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["name"] == "Hamdan airport"
    assert "6 unusable result(s) for 'Hamdan airport'" in result.stderr
    assert json.loads(cache.read_text(encoding="utf-8")) == {"hamdan airport": [HAMDAN]}


def test_only_unusable_answers_leave_the_name_unresolved_without_a_traceback(server, tmp_path):
    FakeNominatim.mode = "unusable only"
    result = geocode(server, tmp_path / "cache.json", "Hamdan airport")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "unusable result(s)" in result.stderr


def test_an_answer_that_is_not_json_is_a_clear_error(server, tmp_path):
    FakeNominatim.mode = "not json"
    result = geocode(server, tmp_path / "cache.json", "Hamdan airport")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"the online geocoder at {server} did not answer for 'Hamdan airport'" in result.stderr


@pytest.mark.parametrize("stored", [
    '{"hamdan airport": [{"lat": "999", "lon": "40.89", "name": "x"}], "other": "garbage"}',
    "{{{ not json",
    '["a list"]',
])
def test_a_corrupt_cache_is_dropped_with_a_warning_and_asked_again(server, tmp_path, stored):
    cache = tmp_path / "cache.json"
    cache.write_text(stored, encoding="utf-8")
    result = geocode(server, cache, "Hamdan airport")
    assert result.exit_code == 0, result.output
    assert str(cache) in result.stderr and "Traceback" not in result.output
    assert len(FakeNominatim.requests) == 1
    assert json.loads(cache.read_text(encoding="utf-8"))["hamdan airport"] == [HAMDAN]


@pytest.mark.parametrize("mode", ["trickle", "silent"])
def test_a_slow_server_cannot_hold_a_request_past_its_deadline(server, tmp_path, mode):
    from geomap.places.nominatim import GeocoderUnavailable, NominatimGeocoder

    FakeNominatim.mode = mode
    online = NominatimGeocoder(domain=server.split("://")[1], scheme="http", cache_file=tmp_path / "c.json",
                               timeout=1.0, max_retries=0, min_delay_seconds=0)
    with pytest.raises(GeocoderUnavailable, match="did not answer for 'Hamdan airport'"):
        online.resolve("Hamdan airport")
    assert not (tmp_path / "c.json").exists()  # nothing was cached


def test_a_run_s_budget_for_the_server_is_kept(server, tmp_path):
    from geomap.places.nominatim import GeocoderUnavailable, NominatimGeocoder

    online = NominatimGeocoder(domain=server.split("://")[1], scheme="http", cache_file=tmp_path / "c.json",
                               min_delay_seconds=0, budget_seconds=0)
    with pytest.raises(GeocoderUnavailable, match="were not asked"):
        online.resolve("Hamdan airport")
    assert FakeNominatim.requests == []


def test_a_server_that_cannot_be_reached_is_a_clear_error(tmp_path):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = geocode(f"http://127.0.0.1:{port}", tmp_path / "cache.json", "Hamdan airport")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "did not answer for 'Hamdan airport'" in result.stderr and "check the network" in result.stderr
