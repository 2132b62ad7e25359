"""One money format per page: detector sentences ("EUR 13,468") are rendered in the locale's.

The finance and role detectors write their reasons in a fixed English form; the templates
must pass those texts through the ``amounts`` filter, or a page shows two formats side by
side (the asset basis once did, only when the asset section had loaded in time).
"""

from __future__ import annotations

from types import SimpleNamespace

from offensief.web import i18n
from offensief.web.render import template_environment


def _inventory(basis: str) -> SimpleNamespace:
    asset = SimpleNamespace(label="Woning Kade 1", kind="RealEstate", value=250000.0,
                            beneficial_owner_name="J. de Vries", basis=basis,
                            chain=["paid EUR 12,000 by NL01BANK0123456789"])
    return SimpleNamespace(by_subject=[], assets=[asset], total=1, withheld=0)


def test_asset_basis_and_chain_in_the_page_format() -> None:
    env = template_environment()
    html = env.get_template("assets_table.html").render(
        inventory=_inventory("recorded income EUR 13,468 cannot explain an asset of EUR 250,000"),
        case_id=1)
    assert "EUR " not in html
    assert "€ 13.468" in html and "€ 250.000" in html and "€ 12.000" in html


def test_english_page_keeps_one_format() -> None:
    with i18n.language("en"):
        html = template_environment().get_template("assets_table.html").render(
            inventory=_inventory("recorded income EUR 13,468"), case_id=1)
    assert "EUR 13,468" not in html and "€13,468" in html
