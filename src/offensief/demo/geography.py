"""Places of the demo world: Dutch cities by province, Caribbean and foreign places, addresses."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class City:
    """A city with its country, province (or region abroad) and postcode prefix range."""

    name: str
    country: str
    province: str
    postcode: tuple[int, int] = (0, 0)
    weight: float = 1.0


NL_CITIES: tuple[City, ...] = (
    City("Amsterdam", "nl", "Noord-Holland", (1011, 1109), 9.0),
    City("Rotterdam", "nl", "Zuid-Holland", (3011, 3089), 6.5),
    City("Den Haag", "nl", "Zuid-Holland", (2491, 2597), 5.5),
    City("Utrecht", "nl", "Utrecht", (3511, 3585), 3.6),
    City("Eindhoven", "nl", "Noord-Brabant", (5611, 5658), 2.4),
    City("Tilburg", "nl", "Noord-Brabant", (5011, 5049), 2.2),
    City("Breda", "nl", "Noord-Brabant", (4811, 4839), 1.9),
    City("'s-Hertogenbosch", "nl", "Noord-Brabant", (5211, 5248), 1.6),
    City("Groningen", "nl", "Groningen", (9711, 9747), 2.4),
    City("Almere", "nl", "Flevoland", (1311, 1363), 2.2),
    City("Nijmegen", "nl", "Gelderland", (6511, 6546), 1.8),
    City("Arnhem", "nl", "Gelderland", (6811, 6846), 1.6),
    City("Haarlem", "nl", "Noord-Holland", (2011, 2037), 1.7),
    City("Zaandam", "nl", "Noord-Holland", (1501, 1509), 1.1),
    City("Maastricht", "nl", "Limburg", (6211, 6229), 1.2),
    City("Venlo", "nl", "Limburg", (5911, 5932), 1.0),
    City("Leiden", "nl", "Zuid-Holland", (2311, 2334), 1.2),
    City("Dordrecht", "nl", "Zuid-Holland", (3311, 3329), 1.2),
    City("Zwolle", "nl", "Overijssel", (8011, 8043), 1.3),
    City("Enschede", "nl", "Overijssel", (7511, 7548), 1.6),
    City("Leeuwarden", "nl", "Friesland", (8911, 8939), 1.2),
    City("Roosendaal", "nl", "Noord-Brabant", (4701, 4709), 0.8),
    City("Vlissingen", "nl", "Zeeland", (4381, 4389), 0.5),
)
KINGDOM_CITIES: tuple[City, ...] = (
    City("Willemstad", "cw", "Curaçao"), City("Oranjestad", "aw", "Aruba"),
    City("Philipsburg", "sx", "Sint Maarten"),
)
FOREIGN_CITIES: tuple[City, ...] = (
    City("Antwerpen", "be", "Antwerpen"), City("Brussel", "be", "Brussel"),
    City("Marbella", "es", "Andalucía"), City("Málaga", "es", "Andalucía"),
    City("Medellín", "co", "Antioquia"), City("Bogotá", "co", "Bogotá"),
    City("Düsseldorf", "de", "Nordrhein-Westfalen"), City("Luxembourg", "lu", "Luxembourg"),
)
STREETS = (
    "Kerkstraat", "Dorpsstraat", "Molenweg", "Schoolstraat", "Stationsweg", "Julianastraat",
    "Wilhelminastraat", "Beatrixlaan", "Nieuwstraat", "Hoofdstraat", "Marktstraat",
    "Prinses Irenestraat", "Lindenlaan", "Eikenlaan", "Parallelweg", "Kastanjelaan",
    "Oranjestraat", "Emmastraat", "Sportlaan", "Burgemeester de Withstraat", "Vondelstraat",
    "Rembrandtlaan", "Tulpstraat", "Rozenstraat", "Van Goghstraat", "Spoorstraat",
)
BUSINESS_STREETS = ("Industrieweg", "Havenweg", "Nijverheidsweg", "Edisonstraat",
                    "Transportweg", "Handelsweg", "Zuiderzeelaan", "Waalhaven Oostzijde")
FOREIGN_STREETS = {"cw": "Schottegatweg", "aw": "L.G. Smith Boulevard", "sx": "Front Street",
                   "be": "Noorderlaan", "es": "Avenida Ricardo Soriano", "co": "Carrera 43A",
                   "de": "Königsallee", "lu": "Boulevard Royal"}


@dataclass(slots=True, frozen=True)
class Address:
    """A postal address; ``text`` is the one-line form sources record."""

    street: str
    number: int
    postcode: str
    city: City

    @property
    def text(self) -> str:
        """"Kerkstraat 12, 1012 AB Amsterdam" (or without postcode abroad)."""
        place = f"{self.postcode} {self.city.name}".strip()
        return f"{self.street} {self.number}, {place}"

    @property
    def country(self) -> str:
        """ISO country code."""
        return self.city.country


def pick_city(rng: random.Random, *, province: str | None = None) -> City:
    """A Dutch city weighted by size, optionally inside one province."""
    cities = [c for c in NL_CITIES if province is None or c.province == province]
    return rng.choices(cities, weights=[c.weight for c in cities])[0]


def postcode(rng: random.Random, city: City) -> str:
    """A Dutch postcode in the city's range ("1012 AB"); empty abroad."""
    if city.country != "nl":
        return ""
    letters = "ABCEGHJKLMNPRTVWXZ"
    return f"{rng.randint(*city.postcode)} {rng.choice(letters)}{rng.choice(letters)}"


def make_address(rng: random.Random, city: City, *, business: bool = False) -> Address:
    """A random address in ``city`` (a business park street when ``business``)."""
    if city.country != "nl":
        street = FOREIGN_STREETS.get(city.country, "Main Street")
    else:
        street = rng.choice(BUSINESS_STREETS if business else STREETS)
    return Address(street=street, number=rng.randint(1, 180), postcode=postcode(rng, city), city=city)
