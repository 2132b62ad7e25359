"""Given names and their short forms (roepnamen): "Kees" is Cornelis, "Bob" is Robert.

Dutch registers (BRP, KvK) hold the full baptismal names; the police, a bank or a phone
contract often hold the name a person goes by. :func:`formal` maps a short form to one formal
name so the two compare equal; a name that is not a known short form is its own formal name.
The table holds common Dutch, Frisian and international short forms (Meertens Instituut's
Nederlandse Voornamenbank lists them per formal name). A short form shared by several formal
names maps to the most common one; the match is one level of evidence among others (surname,
birth date, address), never decisive alone.

>>> formal("Kees") == formal("Cornelis")
True
>>> formal("Emma")
'emma'
"""

from __future__ import annotations

from offensief.resolve.names import clean

#: Formal name → its short forms.
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "johannes": ("jan", "hans", "johan", "joop", "john", "hannes", "jo", "jean", "sjaak"),
    "cornelis": ("kees", "cor", "cees", "corné", "corne", "neels"),
    "pieter": ("piet", "peter", "pier"),
    "petrus": ("peer",),
    "willem": ("wim", "pim", "wil", "willy", "wilhelmus", "william", "bill", "will"),
    "hendrik": ("henk", "hein", "henny", "rik", "henri", "henry", "harry"),
    "jacobus": ("koos", "jaap", "jacob", "jaak", "cobus", "sjaak"),
    "gerardus": ("gerard", "gert", "gerrit", "geert", "ger", "sjra"),
    "theodorus": ("theo", "dorus", "ted"),
    "adrianus": ("adrie", "arie", "ad", "janus", "adriaan"),
    "antonius": ("toon", "anton", "ton", "teun", "tony", "antoon"),
    "franciscus": ("frans", "frank", "francis", "cis", "sjef"),
    "josephus": ("joost", "jos", "joep", "joseph", "jozef", "sef"),
    "albertus": ("albert", "bert", "appie", "ab"),
    "lambertus": ("lambert", "bertus"),
    "hubertus": ("huub", "hubert", "huib"),
    "leonardus": ("leo", "leen", "leonard"),
    "marinus": ("rinus", "marien", "rien"),
    "martinus": ("martin", "tinus", "maarten", "tijn"),
    "matthijs": ("thijs", "matthias", "mathijs", "tijs"),
    "nicolaas": ("klaas", "nico", "niek", "nick", "claas", "niels"),
    "sebastiaan": ("bas", "sebas", "sebastian"),
    "christiaan": ("chris", "christian", "kris"),
    "alexander": ("alex", "sander", "lex", "xander"),
    "bartholomeus": ("bart", "bartel"),
    "abraham": ("bram", "abe"),
    "daniel": ("daan", "danny", "dani"),
    "robert": ("rob", "bob", "robbie", "robin"),
    "richard": ("rick", "rik", "richie"),
    "michael": ("mike", "michiel", "michel", "mick"),
    "mohammed": ("mo", "mohamed", "muhammad", "mohammad", "momo", "med"),
    "abdelkader": ("kader",),
    "abdelaziz": ("aziz",),
    "gijsbertus": ("gijs", "gijsbert", "bertus"),
    "reinier": ("rein", "reinout"),
    "wouter": ("wout",),
    "elisabeth": ("lisa", "liesbeth", "els", "elise", "betty", "lies", "lisette", "beth", "elizabeth", "liz"),
    "johanna": ("hanna", "hanneke", "jo", "joke", "jans", "annie"),
    "catharina": ("karin", "tineke", "toos", "trijntje", "kitty", "cathy", "katrien", "catherine"),
    "maria": ("marie", "mia", "ria", "mieke", "maaike", "marieke", "mary"),
    "margaretha": ("greet", "margriet", "grietje", "greetje", "margaret", "maggie", "margot"),
    "wilhelmina": ("willy", "mien", "wilma", "mina", "willemijn"),
    "cornelia": ("corrie", "nel", "nelleke", "cora", "lia"),
    "geertruida": ("truus", "trudy", "geertje", "gerda"),
    "hendrika": ("riek", "rika", "henny", "rieky"),
    "jacoba": ("coba", "co", "jacqueline", "jackie"),
    "petronella": ("nel", "pleun", "nelly", "ellie"),
    "adriana": ("adrie", "jannie", "sjaan"),
    "christina": ("tina", "stien", "christine", "chris"),
    "susanna": ("suzan", "sanne", "susan", "suus"),
    "alexandra": ("sandra", "alex", "lexa"),
    "fatima": ("fatma",),
}

_FORMAL: dict[str, str] = {}
for _name, _shorts in SHORT_FORMS.items():
    _FORMAL.setdefault(_name, _name)
    for _short in _shorts:
        _FORMAL.setdefault(clean(_short) or _short, _name)


def formal(name: str | None) -> str | None:
    """The formal given name of ``name`` (first token), or the name itself."""
    cleaned = clean(name)
    if not cleaned:
        return None
    first = cleaned.split(" ")[0]
    return _FORMAL.get(first, first)
