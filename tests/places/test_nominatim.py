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


class FakeNominatim(BaseHTTPRequestHandler):
    requests: list = []
    status = 200

    def do_GET(self):  # noqa: N802 (the standard library's name)
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        type(self).requests.append((time.monotonic(), url.path, query, self.headers.get("User-Agent")))
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
