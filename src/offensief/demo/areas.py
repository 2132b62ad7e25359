"""Fictional areas for the demo world's cities, with synthetic area statistics.

Each Dutch city of :mod:`offensief.demo.geography` becomes a gemeente (CBS-format code) with
three wijken of three buurten; its postcode range is split over the buurten, so the demo's
addresses fall in them. Statistics per buurt and year (2023-2026) are drawn from a latent
risk per buurt: residents, drug incidents, young people with a risk profile, dismantled
cannabis farms, holiday parks with signals. A drug-normalisation campaign runs in three
gemeenten from 2025 and lowers drug incidents there by ``CAMPAIGN_EFFECT`` (the demo's known
truth for the effect page). Everything here is invented.
"""

from __future__ import annotations

import csv
import io
import math
import random
from dataclasses import dataclass

from offensief.demo.geography import NL_CITIES

YEARS = ("2023", "2024", "2025", "2026")
CAMPAIGN_CITIES = ("Rotterdam", "Den Haag", "Dordrecht")
CAMPAIGN_EFFECT = -0.15  # relative change of drug incidents in campaign gemeenten from 2025
#: gemeente codes (CBS format) and rough positions (longitude, latitude) of the demo cities
GEMEENTEN: dict[str, tuple[str, float, float]] = {
    "Amsterdam": ("0363", 4.90, 52.37), "Rotterdam": ("0599", 4.48, 51.92),
    "Den Haag": ("0518", 4.30, 52.08), "Utrecht": ("0344", 5.12, 52.09),
    "Eindhoven": ("0772", 5.47, 51.44), "Tilburg": ("0855", 5.09, 51.56),
    "Breda": ("0758", 4.78, 51.59), "'s-Hertogenbosch": ("0796", 5.30, 51.69),
    "Groningen": ("0014", 6.57, 53.22), "Almere": ("0034", 5.21, 52.37),
    "Nijmegen": ("0268", 5.86, 51.84), "Arnhem": ("0202", 5.91, 51.98),
    "Haarlem": ("0392", 4.64, 52.38), "Zaandam": ("0479", 4.83, 52.44),
    "Maastricht": ("0935", 5.69, 50.85), "Venlo": ("0983", 6.17, 51.37),
    "Leiden": ("0546", 4.49, 52.16), "Dordrecht": ("0505", 4.69, 51.81),
    "Zwolle": ("0193", 6.09, 52.52), "Enschede": ("0153", 6.89, 52.22),
    "Leeuwarden": ("0080", 5.80, 53.20), "Roosendaal": ("1674", 4.46, 51.53),
    "Vlissingen": ("0718", 3.57, 51.44),
}
WIJKEN = ("Centrum", "Noord", "Zuid")
BUURTEN = ("Oud", "Park", "Haven")


@dataclass
class DemoAreas:
    areas: str  # CSV texts, in the formats `offensief area load` reads
    postcodes: str
    values: str
    centres: dict[str, tuple[float, float]]  # gemeente code -> (x, y) in km, for outlines
    campaign_areas: list[str]


def _csv(header: list[str], rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _poisson(rng: random.Random, mean: float) -> int:
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def demo_areas(seed: int = 7) -> DemoAreas:
    """The areas, postcode key and statistics of the demo world."""
    rng = random.Random(seed)
    areas: list[list[object]] = []
    postcodes: list[list[object]] = []
    values: list[list[object]] = []
    centres, campaign = {}, []
    for city in NL_CITIES:
        gm, lon, lat = GEMEENTEN[city.name]
        centres["GM" + gm] = (lon * 68.0, lat * 111.0)
        areas.append(["GM" + gm, city.name])
        if city.name in CAMPAIGN_CITIES:
            campaign.append("GM" + gm)
        low, high = city.postcode
        span = list(range(low, high + 1))
        chunks = [span[i * len(span) // 9:(i + 1) * len(span) // 9] for i in range(9)]
        for w, wijk in enumerate(WIJKEN):
            wk = f"{gm}{w:02d}"
            areas.append(["WK" + wk, f"{city.name} {wijk}"])
            for b, buurt in enumerate(BUURTEN):
                bu = f"BU{wk}{b:02d}"
                areas.append([bu, f"{city.name} {wijk}-{buurt}"])
                postcodes.extend([pc, bu] for pc in chunks[w * 3 + b])
                residents = int(city.weight * rng.uniform(2500, 6000))
                risk = rng.lognormvariate(0, 0.45)
                for i, year in enumerate(YEARS):
                    people = int(residents * (1 + 0.01 * i))
                    trend = 1 + 0.04 * i
                    effect = 1 + CAMPAIGN_EFFECT if city.name in CAMPAIGN_CITIES and year >= "2025" else 1
                    values.append([bu, "drug_incidents", year,
                                   _poisson(rng, people * 0.004 * risk * trend * effect), people])
                    young = int(people * 0.2)
                    values.append([bu, "youth_risk", year, _poisson(rng, young * 0.045 * risk), young])
                    values.append([bu, "cannabis_farms", year, _poisson(rng, 1.2 * risk), ""])
                    values.append([bu, "holiday_parks", year, _poisson(rng, 0.25), ""])
    return DemoAreas(_csv(["code", "name"], areas), _csv(["postcode", "area"], postcodes),
                     _csv(["area", "indicator", "period", "value", "base"], values), centres, campaign)
