"""What a pandas user writes to turn an ACLED export into GeoJSON: a dict of features, one json.dump.

    python3 benchmarks/peers/geojson_pandas.py EXPORT.csv OUT.geojson
"""

import json
import sys

from common import read_export


def main(path: str, output: str) -> None:
    frame = read_export(path)
    properties = frame.drop(columns=["latitude", "longitude"]).to_dict(orient="records")
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                 "properties": props}
                for lat, lon, props in zip(frame["latitude"], frame["longitude"], properties)]
    with open(output, "w", encoding="utf-8") as handle:
        json.dump({"type": "FeatureCollection", "features": features}, handle, ensure_ascii=False)


if __name__ == "__main__":
    main(*sys.argv[1:3])
