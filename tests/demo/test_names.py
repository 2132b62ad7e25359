"""Name pools and the noise sources put on names, birth dates and addresses."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from offensief.demo.names import (
    PersonName,
    random_name,
    render_address,
    render_birth_date,
    render_name,
    split_surname,
    typo,
)


def test_split_surname_keeps_particles() -> None:
    assert split_surname("van der Berg") == ("van der", "Berg")
    assert split_surname("el Idrissi") == ("el", "Idrissi")
    assert split_surname("Jansen") == ("", "Jansen")


def test_registry_style_and_no_noise() -> None:
    name = PersonName("Jan", "van der", "Berg", "nl")
    rendered = render_name(random.Random(0), name, noise=0.0, style="registry")
    assert rendered.name == "Berg, Jan van der"
    assert render_name(random.Random(0), name, noise=0.0).name == "Jan van der Berg"


def test_noise_produces_the_dutch_variants() -> None:
    rng = random.Random(3)
    seen = Counter()
    name = PersonName("Mohamed", "el", "Idrissi", "ma")
    for _ in range(2000):
        text = render_name(rng, name, noise=0.6).name
        seen["initial"] += text.startswith("M. ")
        seen["transliteration"] += text.split()[0] in ("Mohammed", "Muhammad", "Mohammad")
        seen["hyphen"] += "El-Idrissi" in text
        seen["capital particle"] += " El Idrissi" in text
    assert all(count > 20 for count in seen.values()), seen


def test_married_women_may_use_the_partners_name() -> None:
    rng = random.Random(4)
    name = PersonName("Anna", "de", "Vries", "nl")
    texts = {render_name(rng, name, noise=0.1, married="Jansen").name for _ in range(200)}
    assert "Anna Jansen-de Vries" in texts and "Anna Jansen" in texts and "Anna de Vries" in texts
    registry = {render_name(rng, name, noise=0.0, style="registry", married="Jansen").name for _ in range(50)}
    assert registry == {"Vries, Anna de"}


def test_birth_date_swap_and_absence() -> None:
    rng = random.Random(5)
    born = date(1988, 7, 3)
    dates = Counter(render_birth_date(rng, born, noise=1.0) for _ in range(2000))
    assert dates["1988-07-03"] > dates["1988-03-07"] > 100 and dates[None] > 100
    assert set(dates) == {"1988-07-03", "1988-03-07", None}
    assert render_birth_date(rng, date(1990, 5, 20), noise=1.0) in ("1990-05-20", None)


def test_typo_changes_one_place_and_address_variants() -> None:
    rng = random.Random(6)
    for _ in range(100):
        changed = typo(rng, "Hendriks")
        assert changed[0] == "H" and abs(len(changed) - 8) <= 1
    variants = {render_address(rng, "Burgemeester de Withstraat 12, 1012 AB Amsterdam", noise=1.0) for _ in range(200)}
    assert "Burgemeester de Withstraat 12, 1012AB Amsterdam" in variants
    assert "Burgemeester de Withstraat 12, Amsterdam" in variants
    assert any(v.startswith("Burg. ") for v in variants)


def test_common_names_are_common() -> None:
    rng = random.Random(7)
    names = Counter(random_name(rng, "male", origin="nl").full for _ in range(5000))
    surnames = Counter(n.split(" ", 1)[1] for n in names.elements())
    assert surnames.most_common(1)[0][0] == "de Jong"
    assert names.most_common(1)[0][1] >= 10
