"""Places for the offline map: an address is put at its city, spread by its postcode.

No tile server and no geocoder are reachable, so the map is schematic: the city centres
below (WGS84, rounded to 0.01°) are shipped with the code, the country's outline is
generated from them (their convex hull) in the browser, and an address is drawn at its
city's centre, offset by its four-digit postcode (same postcode, same spot; at most about
6 km away), so addresses of one city do not hide each other. An address in a city not
listed, or seen only as a token, is listed beside the map instead of placed.

>>> place_of("Zuiderzeelaan 110, 3532 JE Utrecht")["city"]
'Utrecht'
>>> place_of("tok_0123456789abcdef") is None
True
"""

from __future__ import annotations

import math
import re
from typing import Any

#: City -> (latitude, longitude), rounded.
CITIES: dict[str, tuple[float, float]] = {
    "Amsterdam": (52.37, 4.90), "Rotterdam": (51.92, 4.48), "Den Haag": (52.08, 4.30),
    "Utrecht": (52.09, 5.12), "Eindhoven": (51.44, 5.48), "Tilburg": (51.56, 5.09),
    "Breda": (51.59, 4.78), "'s-Hertogenbosch": (51.69, 5.30), "Groningen": (53.22, 6.57),
    "Almere": (52.37, 5.22), "Nijmegen": (51.84, 5.86), "Arnhem": (51.98, 5.91),
    "Haarlem": (52.38, 4.64), "Zaandam": (52.44, 4.83), "Maastricht": (50.85, 5.69),
    "Venlo": (51.37, 6.17), "Leiden": (52.16, 4.49), "Dordrecht": (51.81, 4.67),
    "Zwolle": (52.52, 6.08), "Enschede": (52.22, 6.89), "Leeuwarden": (53.20, 5.80),
    "Roosendaal": (51.53, 4.46), "Vlissingen": (51.44, 3.57), "Den Helder": (52.96, 4.76),
    "Delfzijl": (53.33, 6.92), "Emmen": (52.78, 6.90), "Terneuzen": (51.34, 3.83),
    "Hoorn": (52.64, 5.06), "Amersfoort": (52.16, 5.39), "Apeldoorn": (52.21, 5.97),
}
_ADDRESS = re.compile(r"(?P<postcode>\d{4})\s?(?P<letters>[A-Z]{2})\s+(?P<city>[^,]+?)\s*$")


def place_of(address: str) -> dict[str, Any] | None:
    """City, postcode and a schematic position of a Dutch address, or ``None``."""
    found = _ADDRESS.search(address.strip())
    if not found:
        return None
    city = found["city"].strip()
    if city not in CITIES:
        return None
    lat, lon = CITIES[city]
    code = int(found["postcode"])
    # spread by postcode: a golden-angle spiral, so neighbouring codes do not overlap
    angle = (code * 2.399963) % 6.283185
    radius = 0.012 + 0.04 * ((code % 97) / 97)
    return {"city": city, "postcode": f"{found['postcode']} {found['letters']}",
            "lat": round(lat + radius * math.sin(angle), 4),
            "lon": round(lon + 1.6 * radius * math.cos(angle), 4)}

