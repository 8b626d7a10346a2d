"""Build-time, memory, size and draw-time benchmark: geomap against the obvious folium code.

For each size it writes synthetic strikes (benchmarks/synthetic.py), then runs,
each as a whole process of its own:
- ``geomap build`` (the real command), and
- the obvious folium code (benchmarks/naive_folium.py: one folium.Marker with a
  popup and tooltip per strike, in a MarkerCluster, then save),
and prints a table: build seconds, seconds per 1,000 strikes, peak memory,
HTML size, and the seconds until headless Chromium shows the first markers or
clusters (CDN files answered from the npm copies in .cache/assets, no network).

    python3 benchmarks/bench_build.py                  # 1k, 10k, 50k, 100k; folium up to 50k
    python3 benchmarks/bench_build.py --sizes 1000 10000 --folium-max 10000 --no-browser
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from support.synthetic import write_strikes  # noqa: E402
from geomap.places.gazetteer import Gazetteer  # noqa: E402

GAZETTEER = REPO / "data" / "gazetteer.csv"
CHROMIUM = os.environ.get("GEOMAP_CHROMIUM", "/usr/bin/chromium")


def run_process(args: list[str]) -> tuple[float, float]:
    """Run a whole process; return its wall seconds and peak resident memory in MB."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed: {proc.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def draw_seconds(browser, html: Path) -> float:
    """Seconds from navigation until the first marker or cluster is on screen."""
    from conftest import answer_offline

    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.route("**/*", answer_offline)
    start = time.perf_counter()
    page.goto(html.as_uri(), wait_until="commit", timeout=600_000)
    page.wait_for_selector(".marker-cluster, .leaflet-marker-icon", timeout=600_000)
    seconds = time.perf_counter() - start
    page.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000, 100000])
    parser.add_argument("--folium-max", type=int, default=50000, help="largest size to run the folium code on")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium draw times")
    args = parser.parse_args()

    gazetteer = Gazetteer.from_csv(GAZETTEER)
    browser = pw = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        from conftest import CHROMIUM_FLAGS

        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in args.sizes:
            strikes = write_strikes(folder / f"strikes_{size}.csv", size, gazetteer)
            tools = [("geomap", [sys.executable, "-m", "geomap", "build", "--quiet", "--strikes", str(strikes),
                                 "--gazetteer", str(GAZETTEER), "-o"])]
            if size <= args.folium_max:
                tools.append(("folium", [sys.executable, str(REPO / "benchmarks" / "naive_folium.py"),
                                         str(strikes), str(GAZETTEER)]))
            for tool, command in tools:
                html = folder / f"{tool}_{size}.html"
                seconds, peak_mb = run_process(command + [str(html)])
                draw = draw_seconds(browser, html) if browser else float("nan")
                rows.append((size, tool, seconds, seconds / size * 1000, peak_mb, html.stat().st_size / 1e6, draw))
                print(f"  {tool} {size:,}: {seconds:.2f} s", file=sys.stderr, flush=True)
                html.unlink()
    if browser:
        browser.close()
        pw.stop()

    # Marginal cost: the extra seconds per 1,000 strikes since the next smaller size, which
    # start-up (the same at every size) does not blur; flat when cost grows linearly.
    print(f"{'strikes':>8} {'tool':<7} {'build s':>8} {'s/1k':>7} {'marg s/1k':>9} {'peak MB':>8} "
          f"{'HTML MB':>8} {'draw s':>7}")
    previous: dict[str, tuple[int, float]] = {}
    for size, tool, seconds, per_k, peak, mb, draw in rows:
        marginal = float("nan")
        if tool in previous:
            last_size, last_seconds = previous[tool]
            marginal = (seconds - last_seconds) / (size - last_size) * 1000
        previous[tool] = (size, seconds)
        print(f"{size:>8,} {tool:<7} {seconds:>8.2f} {per_k:>7.3f} {marginal:>9.3f} {peak:>8.0f} "
              f"{mb:>8.2f} {draw:>7.2f}")
    by = {(size, tool): (seconds, mb) for size, tool, seconds, _, _, mb, _ in rows}
    for size in args.sizes:
        if (size, "folium") in by:
            (g_s, g_mb), (f_s, f_mb) = by[(size, "geomap")], by[(size, "folium")]
            print(f"{size:,} strikes: geomap builds {f_s / g_s:.1f}x faster and writes {g_mb / f_mb:.1%} of the bytes")


if __name__ == "__main__":
    main()
