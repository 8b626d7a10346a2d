"""How the page carries its data: columns sent once per shared value, large data compressed."""

import json

from geomap.output.page import COMPRESS_OVER, decode_table, encode_table, map_data, page_blob, page_data
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
    blob = page_blob(data)
    assert len(json.dumps(data)) > COMPRESS_OVER and list(json.loads(blob)) == ["gzip"]
    page = f'<script type="application/json" id="geomap-data">{blob}</script>'
    assert page_data(page) == json.loads(json.dumps(data))
    assert len(blob) < len(json.dumps(data)) / 2      # notes are text: gzip more than halves it
    assert page_blob(data) == blob                     # the same bytes on every run


def test_small_data_stays_plain_json_a_person_can_read(located):
    data = map_data(located, title="t")
    assert page_blob(data).startswith('{"title":"t"')
