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
import itertools
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
    elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
        yield b"["
        for n, item in enumerate(value):
            if n:
                yield b","
            yield from json_chunks(item)
        yield b"]"
    elif isinstance(value, ArrowText):
        yield b"["
        for n, start in enumerate(range(0, len(value), ArrowText.BLOCK)):
            block = _dumps(value[start:start + ArrowText.BLOCK])
            yield (b"," if n else b"") + block[1:-1]
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


def page_blob(data: dict[str, Any]) -> str:
    """The data as the page carries it: JSON, or above ``COMPRESS_OVER`` bytes gzip in base64.

    Report notes make a large file mostly text, which gzip shrinks about
    fourfold; the browser inflates it with its own ``DecompressionStream``.
    Base64 holds no ``<``, so only uncompressed JSON needs the escapes of
    :func:`safe_json`.  The same data always gives the same bytes.
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
        return _escaped(b"".join(head)).decode("utf-8")
    packed = gzip_pieces(_pieces(itertools.chain(head, chunks)))
    return '{"gzip":"' + base64.b64encode(packed).decode("ascii") + '"}'  # base64 needs no JSON escapes


def _pieces(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The chunks' bytes cut into pieces of :data:`PIECE_BYTES` (the last may be shorter)."""
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= PIECE_BYTES:
            yield bytes(buffer[:PIECE_BYTES])
            del buffer[:PIECE_BYTES]
    if buffer:
        yield bytes(buffer)


def gzip_pieces(pieces: Iterable[bytes]) -> bytes:
    """The pieces' bytes as one gzip member whose deflate stream is made of pieces deflated side by side.

    Each piece is deflated on its own (level 1: a quarter of the size in a
    fifth of level 6's time) and ends on a byte boundary (a sync flush), so
    the pieces join into one valid stream, as pigz makes them.  zlib
    releases the GIL, so two cores halve the time; ``mtime`` is 0, so the
    bytes are the same on any machine.
    """
    import struct
    import zlib
    from concurrent.futures import ThreadPoolExecutor

    def deflate(piece: bytes) -> bytes:
        packer = zlib.compressobj(1, zlib.DEFLATED, -zlib.MAX_WBITS)
        return packer.compress(piece) + packer.flush(zlib.Z_SYNC_FLUSH)

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
    """The data a built page carries, compressed or not (for tests and scripts)."""
    match = re.search(r'<script type="application/json" id="geomap-data">(.*?)</script>', html_text, re.S)
    if match is None:
        raise ValueError("not a geomap page: no geomap-data element")
    blob = json.loads(match.group(1))
    if isinstance(blob, dict) and set(blob) == {"gzip"}:
        return json.loads(gzip.decompress(base64.b64decode(blob["gzip"])).decode("utf-8"))
    return blob
