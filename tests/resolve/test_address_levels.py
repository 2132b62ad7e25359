"""The address comparison's level for a partial address (issue 13 item 5): a telecom
provider's billing record "Industrieweg 179B" — street and number, no postcode, no city —
beside the register's full address. Before, it fell to "other" (as if the two addresses
disagreed) and the register record was never linked to the subscriber; the same street and
number in another city, or another number, must not reach the level."""

from __future__ import annotations

import duckdb
import pytest

from offensief.resolve.records import _person
from offensief.resolve.settings import _location

REGISTER = "Industrieweg 179B, 8973 BP Leeuwarden"


def level(left: str, right: str) -> str:
    levels = _location().get_comparison("duckdb").comparison_levels
    columns = ("street", "house_number", "postcode", "city")
    l, r = _person({"address": left}), _person({"address": right})
    con = duckdb.connect()
    con.execute("CREATE TABLE p AS SELECT " + ", ".join(
        f"?::VARCHAR AS {c}_l, ?::VARCHAR AS {c}_r" for c in columns),
        [v for c in columns for v in (l[c], r[c])])
    for lv in levels:
        if lv.sql_condition == "ELSE" or con.execute(f"SELECT {lv.sql_condition} FROM p").fetchone()[0]:
            return lv.label_for_charts
    raise AssertionError("no level")


def test_street_and_number_without_a_city_is_a_partial_agreement() -> None:
    assert level(REGISTER, "Industrieweg 179B") == "same street and number, no city"


@pytest.mark.parametrize(("other", "expected"), [
    ("Industrieweg 179B, 1234 AB Utrecht", "All other comparisons"),   # another town's Industrieweg
    ("Industrieweg 12", "All other comparisons"),                       # another number
    ("Industrieweg 179B, 8973 BP Leeuwarden", "same postcode and house number"),
])
def test_look_alikes_do_not_reach_the_level(other: str, expected: str) -> None:
    assert level(REGISTER, other) == expected
