"""The page's data blob: JSON written a piece at a time, and above a size, gzip made on every core.

A million events' data is about 300 MB of JSON, mostly report notes.
Written whole, it would be held three times over (the Python lists, the
JSON, the compressed bytes).  Here the columns geomap keeps compactly
(:class:`~geomap.records.coded.ArrowText` notes, arrays of numbers) are
serialised a block at a time, and the pieces are deflated side by side as
they come, so only the compressed bytes are ever held whole.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from array import array
from typing import Any, Iterable, Iterator

from ..records.coded import ArrowText

#: Data longer than this (bytes of JSON) is sent compressed; a small map stays readable.
COMPRESS_OVER = 256_000
#: Bytes of JSON deflated apart: pieces are compressed on every core at once, and the bytes made do
#: not depend on how many cores there are.
PIECE_BYTES = 8 << 20


def _dumps(value: Any) -> bytes:
    """Compact JSON as UTF-8, by orjson where it can (it refuses integers beyond 64 bits)."""
    try:
        import orjson

        return orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY)
    except (ImportError, TypeError):  # orjson.JSONEncodeError is a TypeError
        if hasattr(value, "tolist"):
            value = value.tolist()
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def json_chunks(value: Any) -> Iterator[bytes]:
    """``value`` as compact JSON, in pieces; the same bytes as one ``orjson.dumps`` of it as plain lists.

    Dicts and lists of dicts are walked; a column of text kept in Arrow is
    written a block of strings at a time; an array of numbers at once, by
    orjson without a Python int per number.
    """
    if isinstance(value, dict):
        yield b"{"
        for n, (key, item) in enumerate(value.items()):
            yield (b"," if n else b"") + _dumps(str(key)) + b":"
            yield from json_chunks(item)
        yield b"}"
    elif isinstance(value, list) and value and isinstance(value[0], dict):  # the table's columns
        yield b"["
        for n, item in enumerate(value):
            if n:
                yield b","
            yield from json_chunks(item)
        yield b"]"
    elif isinstance(value, ArrowText):
        yield b"["
        for n, start in enumerate(range(0, len(value), ArrowText.BLOCK)):
            written = _dumps(value[start:start + ArrowText.BLOCK])
            if n:
                yield b","
            yield memoryview(written)[1:-1]
        yield b"]"
    elif isinstance(value, array):
        import numpy as np

        yield _dumps(np.frombuffer(value, dtype=np.int32) if value.typecode == "i" else value.tolist())
    else:
        yield _dumps(value)


def _escaped(data: bytes) -> bytes:
    return (
        data.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")
        .replace("\u2028".encode(), b"\\u2028").replace("\u2029".encode(), b"\\u2029")
    )


def safe_json_bytes(value: Any) -> bytes:
    """:func:`safe_json` as UTF-8 bytes."""
    return _escaped(b"".join(json_chunks(value)))


def safe_json(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` element whatever its strings hold.

    ``<``, ``>`` and ``&`` become ``\\u`` escapes, so no ``</script>`` or
    ``<!--`` can end or confuse the element; U+2028 and U+2029 are escaped too.
    Keys keep their order and nothing depends on the run, so the output is
    byte-identical for the same data.
    """
    return safe_json_bytes(value).decode("utf-8")


#: Columns only a popup shows: on a large page they travel apart and are unpacked after the first draw.
POPUP_TEXTS = ("id", "summary", "notes")


def page_blobs(data: dict[str, Any]) -> tuple[str, str]:
    """The data as the page carries it, and its popup texts as gzip in base64 ("" when they travel
    with the data).

    A small map's data is JSON a person can read, texts and all.  Above
    ``COMPRESS_OVER`` bytes it is gzip in base64, in two parts: the data the
    map is drawn from (JSON), and the popup texts (:func:`texts_chunks`),
    which the browser unpacks only after the first draw, so a million notes
    do not hold the map back.  The browser inflates both with its own
    ``DecompressionStream``.  Base64 holds no ``<``, so only plain JSON
    needs the escapes of :func:`safe_json`.  The same data always gives the
    same bytes.
    """
    chunks = json_chunks(data)
    head: list[bytes] = []
    size = 0
    for chunk in chunks:
        head.append(chunk)
        size += len(chunk)
        if size > COMPRESS_OVER:
            break
    else:
        return _escaped(b"".join(head)).decode("utf-8"), ""
    del head, chunks
    rest, sections = _split_texts(data)
    texts = _gzip_base64(texts_chunks(sections)) if sections else ""
    return '{"gzip":"' + _gzip_base64(numbers_chunks(rest)) + '"}', texts  # base64 needs no JSON escapes


def numbers_chunks(data: dict[str, Any]) -> Iterator[bytes]:
    """The data the map is drawn from: each table column's numbers as bytes, then the JSON, then its length.

    A million strikes' codes (actor, attribution, source list, ...) as JSON
    numbers would be tens of megabytes the browser parses into arrays of a
    million numbers each.  Here each column of codes, and each column of row
    numbers (spots, dates), is its numbers as little-endian unsigned
    integers of the smallest width that holds them, which the browser reads
    as a typed array in place; the JSON names it ``{"at": offset, "length":
    n, "width": 1, 2 or 4}``.  Every section starts on a 4-byte boundary.
    The last 4 bytes give the JSON's length.
    """
    import numpy as np

    at = 0
    columns = []
    for column in data["table"]["columns"]:
        key = "codes" if "codes" in column else "values" if "values" in column else None
        numbers = column.get(key) if key else None
        if not isinstance(numbers, array):
            columns.append(column)
            continue
        values = np.frombuffer(numbers, dtype=np.int32) if numbers.typecode == "i" else np.asarray(numbers)
        top = int(values.max()) if len(values) else 0
        width = 1 if top < 1 << 8 else 2 if top < 1 << 16 else 4
        packed = values.astype(f"<u{width}").tobytes()
        columns.append({**column, key: {"at": at, "length": len(values), "width": width}})
        yield packed
        yield b"\0" * (-len(packed) % 4)
        at += len(packed) + (-len(packed) % 4)
    size = 0
    for chunk in json_chunks({**data, "table": {**data["table"], "columns": columns}}):
        size += len(chunk)
        yield chunk
    yield size.to_bytes(4, "little")


def _gzip_base64(chunks: Iterable[bytes]) -> str:
    return base64.b64encode(gzip_pieces(_pieces(chunks))).decode("ascii")


def _split_texts(data: dict[str, Any]) -> tuple[dict[str, Any], list[ArrowText]]:
    """The data with each popup-only text column (kept in Arrow) replaced by where its section lies."""
    columns, sections, at = [], [], 0
    for name, column in zip(data["columns"], data["table"]["columns"]):
        text = column.get("values")
        if name not in POPUP_TEXTS or not isinstance(text, ArrowText):
            columns.append(column)
            continue
        size = _text_bytes(text)
        if size >= 1 << 32:
            raise ValueError("a text column of 4 GB or more does not fit the page")
        columns.append({"text": {"lengths": at, "data": at + 4 * len(text), "length": len(text), "bytes": size}})
        sections.append(text)
        at += 4 * len(text) + size + (-size % 4)
    return {**data, "table": {**data["table"], "columns": columns}}, sections


def _arrow_pieces(text: ArrowText) -> list[Any]:
    return list(text.array.chunks) if hasattr(text.array, "chunks") else [text.array]


def _offsets(piece: Any) -> Any:
    import numpy as np

    return np.frombuffer(piece.buffers()[1], dtype=np.int32)[piece.offset:piece.offset + len(piece) + 1]


def _text_bytes(text: ArrowText) -> int:
    total = 0
    for piece in _arrow_pieces(text):
        offsets = _offsets(piece)
        total += int(offsets[-1]) - int(offsets[0])
    return total


def texts_chunks(sections: list[ArrowText]) -> Iterator[bytes]:
    """Text columns as a large page carries them: per column, each string's length in bytes (a 4-byte
    little-endian number), then the strings' UTF-8 bytes end to end, padded to 4 bytes.

    The browser decodes a text only when a popup shows it, so a million
    notes are never a million strings in its heap.  Lengths, not offsets:
    small numbers, which gzip packs far better.
    """
    import numpy as np

    for text in sections:
        pieces = _arrow_pieces(text)
        for piece in pieces:
            yield np.diff(_offsets(piece)).astype("<u4").tobytes()
        size = 0
        for piece in pieces:
            offsets = _offsets(piece)
            first, last = int(offsets[0]), int(offsets[-1])
            if last > first:
                yield memoryview(piece.buffers()[2])[first:last]
            size += last - first
        yield b"\0" * (-size % 4)


def _pieces(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The chunks' bytes gathered into pieces of at least :data:`PIECE_BYTES` (the last may be shorter)."""
    gathered: list[bytes] = []
    size = 0
    for chunk in chunks:
        gathered.append(chunk)
        size += len(chunk)
        if size >= PIECE_BYTES:
            yield b"".join(gathered)
            gathered, size = [], 0
    if gathered:
        yield b"".join(gathered)


def gzip_pieces(pieces: Iterable[bytes]) -> bytes:
    """The pieces' bytes as one gzip member whose deflate stream is made of pieces deflated side by side.

    Each piece is deflated on its own and ends on a byte boundary (a sync
    flush), so the pieces join into one valid stream, as pigz makes them.
    The deflater is ISA-L's (the ``isal`` package) at level 1: at a million
    events it packs the data 3.6 times faster than zlib's level 1, and
    smaller.  It releases the GIL, so the pieces are packed on every core.
    ``mtime`` is 0 and the pieces do not depend on the number of cores, so
    the bytes are the same on any machine with the same ``isal``; without
    it, zlib is used, and the bytes differ (but unpack the same).
    """
    import struct
    import zlib
    from concurrent.futures import ThreadPoolExecutor

    try:
        from isal import isal_zlib as deflater
    except ImportError:  # a declared dependency; zlib makes other bytes of the same data
        deflater = zlib

    def deflate(piece: bytes) -> bytes:
        packer = deflater.compressobj(1, deflater.DEFLATED, -deflater.MAX_WBITS)
        return packer.compress(piece) + packer.flush(deflater.Z_SYNC_FLUSH)

    crc, length = 0, 0
    with ThreadPoolExecutor() as pool:
        deflated = []
        for piece in pieces:
            deflated.append(pool.submit(deflate, piece))
            crc = zlib.crc32(piece, crc)
            length += len(piece)
        body = b"".join(future.result() for future in deflated)
    body += b"\x03\x00"  # an empty final block ends the stream
    header = b"\x1f\x8b\x08\x00" + b"\x00\x00\x00\x00" + b"\x04\xff"  # gzip, deflate, no name, mtime 0
    return header + body + struct.pack("<II", crc, length & 0xFFFFFFFF)


def page_data(html_text: str) -> dict[str, Any]:
    """The data a built page carries, compressed or not, its popup texts read back as ``{"values": [...]}``
    (for tests and scripts)."""
    import numpy as np

    def element(name: str) -> str:
        match = re.search(rf'<script type="application/(?:json|octet-stream)" id="{name}">(.*?)</script>',
                          html_text, re.S)
        if match is None:
            if name == "geomap-texts":
                return ""
            raise ValueError(f"not a geomap page: no {name} element")
        return match.group(1)

    blob = json.loads(element("geomap-data"))
    if not (isinstance(blob, dict) and set(blob) == {"gzip"}):
        return blob
    core = gzip.decompress(base64.b64decode(blob["gzip"]))
    size = int.from_bytes(core[-4:], "little")
    data = json.loads(core[-4 - size:-4].decode("utf-8"))
    for column in data["table"]["columns"]:
        for key in ("codes", "values"):
            if isinstance(column.get(key), dict):
                spec = column[key]
                column[key] = np.frombuffer(core, dtype=f"<u{spec['width']}", count=spec["length"],
                                            offset=spec["at"]).tolist()
    texts = element("geomap-texts")
    payload = gzip.decompress(base64.b64decode(texts)) if texts else b""
    for column in data["table"]["columns"]:
        if "text" in column:
            text = column.pop("text")
            lengths = np.frombuffer(payload, dtype="<u4", count=text["length"], offset=text["lengths"])
            offsets = np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)])
            body = payload[text["data"]:text["data"] + text["bytes"]]
            column["values"] = [body[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(text["length"])]
    return data
