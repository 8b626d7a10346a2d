"""Distance on the ground between two points, for comparing places many times a second.

A spherical great circle is within 0.5% of geopy's geodesic at these
distances, and comparisons against 3, 25 or 80 km need no more; it costs a
microsecond where the geodesic costs fifty.
"""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """km between two points given in decimal degrees.

    >>> round(great_circle_km(33.5138, 36.2765, 34.7324, 36.7137))  # Damascus to Homs
    141
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))
