"""How the page carries its data: columns sent once per shared value, large data compressed."""

import base64
import gzip
import json


from geomap.output.blob import COMPRESS_OVER, json_chunks, page_blobs, page_data
from geomap.output.page import decode_table, encode_table, map_data
from geomap.records.acled import acled_columns
from support.synthetic import write_acled_export


def test_constant_and_few_valued_columns_are_sent_once():
    table = encode_table(8, [list("abcdefgh"), ["x"] * 8, ["p", "q"] * 4, [None] * 8])
    kinds = [next(iter(column)) for column in table["columns"]]
    assert kinds == ["values", "const", "dict", "const"]
    assert table["columns"][2] == {"dict": ["p", "q"], "codes": [0, 1] * 4}
    assert decode_table(table) == [[c, "x", pq, None] for c, pq in zip("abcdefgh", ["p", "q"] * 4)]


def test_large_data_is_gzip_in_base64_and_reads_back_whole(tmp_path):
    columns = acled_columns(write_acled_export(tmp_path / "acled.csv", 5_000))
    data = map_data(columns, title="t")
    blob, texts = page_blobs(data)
    plain = b"".join(json_chunks(data))
    assert len(plain) > COMPRESS_OVER and list(json.loads(blob)) == ["gzip"]
    page = (f'<script type="application/json" id="geomap-data">{blob}</script>'
            f'<script type="application/octet-stream" id="geomap-texts">{texts}</script>')
    assert page_data(page) == json.loads(plain)
    assert len(blob) + len(texts) < len(plain) / 2     # notes are text: gzip more than halves it
    assert page_blobs(data) == (blob, texts)           # the same bytes on every run
    # The map is drawn from the first part alone: its codes are bytes, and the notes and ids
    # travel in the second part.
    core = gzip.decompress(base64.b64decode(json.loads(blob)["gzip"]))
    drawn = json.loads(core[-4 - int.from_bytes(core[-4:], "little"):-4])
    by_name = dict(zip(drawn["columns"], drawn["table"]["columns"]))
    assert set(by_name["summary"]) == {"text"} and set(by_name["id"]) == {"text"}
    assert by_name["actor"]["codes"]["width"] == 1 and set(by_name["spot"]["values"]) == {"at", "length", "width"}


def test_small_data_stays_plain_json_a_person_can_read(located):
    data = map_data(located, title="t")
    blob, texts = page_blobs(data)
    assert blob.startswith('{"title":"t"') and texts == ""


def test_pieces_deflated_apart_make_one_gzip_stream_of_the_whole(monkeypatch):
    import gzip

    from geomap.output import blob

    monkeypatch.setattr(blob, "PIECE_BYTES", 1000)
    data = {"notes": [f"note {n} " * (n % 7) for n in range(5000)], "n": list(range(3000))}
    packed = blob.gzip_pieces(blob._pieces(blob.json_chunks(data)))
    assert json.loads(gzip.decompress(packed)) == data


def test_json_in_pieces_is_the_json_of_the_whole():
    from array import array

    from geomap.records.coded import ArrowText

    import pyarrow as pa

    notes = [f"<b>{n}</b> \u2028 \"quoted\"" for n in range(70_000)]
    value = {"a": [{"values": ArrowText(pa.array(notes))}, {"codes": array("i", range(9))}], "b": None}
    assert json.loads(b"".join(json_chunks(value))) == {"a": [{"values": notes}, {"codes": list(range(9))}], "b": None}

