"""geomap export (GeoJSON, CSV, KML) against what a pandas user would write, whole process against whole process.

On realistic synthetic ACLED exports (support/synthetic.py: every column of a
real export, 2,000 real Syrian locations, a notes sentence of its own per
event) of 100,000 and 1,000,000 events, and on the same events as a geomap
strikes file (places by name and province, resolved through the regional
gazetteer), in one run.  Prints wall seconds,
peak resident memory, and peak memory as a multiple of the input file's size
(geomap's exports stream the table, a feature at a time: the target is at
most 3 times the input).

    python3 benchmarks/bench_export.py [--sizes 100000 1000000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_build import PEERS, run_process  # noqa: E402
from support.synthetic import write_acled_export, write_strikes_export  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            inputs = [("ACLED export", write_acled_export(Path(folder) / f"acled-{size}.csv", size)),
                      ("geomap CSV", write_strikes_export(Path(folder) / f"strikes-{size}.csv", size))]
            for kind, source in inputs:
                input_mb = source.stat().st_size / 1e6
                runs = [(f"geomap export --format {fmt}",
                         [sys.executable, "-m", "geomap", "export", "--format", fmt, "--strikes", str(source),
                          "-o", str(Path(folder) / f"out.{fmt}")]) for fmt in ("geojson", "csv", "kml")]
                if kind == "ACLED export":  # the peer reads ACLED's own coordinates; a geomap file has none
                    runs.append(("pandas + json.dump", [sys.executable, str(PEERS / "geojson_pandas.py"),
                                                        str(source), str(Path(folder) / "peer.geojson")]))
                for name, command in runs:
                    seconds, peak = run_process(command)
                    out = Path(command[-1]).stat().st_size / 1e6
                    rows.append((size, kind, name, seconds, peak, peak / input_mb, input_mb, out))
                    print(f"  {kind}: {name} {size:,}: {seconds:.2f} s, peak {peak:,.0f} MB", file=sys.stderr)
                    Path(command[-1]).unlink()
                source.unlink()
    print("| events | input | tool | seconds | peak MB | peak / input | input MB | output MB |")
    print("|---:|---|---|---:|---:|---:|---:|---:|")
    for size, kind, name, seconds, peak, ratio, input_mb, out in rows:
        print(f"| {size:,} | {kind} | {name} | {seconds:.2f} | {peak:,.0f} | {ratio:.2f} | {input_mb:.0f} | {out:.0f} |")


if __name__ == "__main__":
    main()
