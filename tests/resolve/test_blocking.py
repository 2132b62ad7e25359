"""Person blocking: the name rules pair only records whose birth dates do not contradict."""

from __future__ import annotations

import itertools

import duckdb
import pandas as pd
import pytest
from splink import DuckDBAPI
from splink.blocking_analysis import count_comparisons_from_blocking_rules

from offensief.resolve.identity import dates_conflict
from offensief.resolve.settings import dates_agree, person_spec, settings_for

DATES = [None, "1988", "1988-07-03", "1988-03-07", "1988-07-08", "1989-07-03", "1988-70-03",
         "1988-07-30", "1988-12-03", "1970-01-01"]


def _complete(value: str | None) -> str | None:
    return value if value is not None and len(value) == 10 else None


def test_dates_agree_is_the_identity_test_in_sql() -> None:
    pairs = list(itertools.product(DATES, DATES))
    frame = pd.DataFrame(pairs, columns=["a", "b"])
    con = duckdb.connect()
    con.register("pairs", frame)
    sql = dates_agree("birth_date")
    got = con.execute(
        f"SELECT {sql} FROM (SELECT a AS birth_date, b AS b_date, row_number() OVER () AS i "
        "FROM pairs) l JOIN (SELECT b AS birth_date, row_number() OVER () AS i FROM pairs) r "
        "USING (i) ORDER BY i").fetchall()
    for (a, b), (agree,) in zip(pairs, got):
        assert agree == (not dates_conflict(_complete(a), _complete(b))), (a, b)


def _person(uid: str, first: str, surname: str, birth: str | None) -> dict[str, str | None]:
    return {"unique_id": uid, "dataset": "x", "first_name": first, "surname_core": surname,
            "first_skeleton": first, "first_alias": first, "first_initial": first[:1],
            "surname_skeleton": surname, "birth_date": birth, "postcode": None,
            "house_number": None, "id_number": None, "phone": None, "email": None}


@pytest.mark.parametrize(("other", "paired"), [
    (_person("b", "jan", "jansen", "1980-01-02"), True),    # same date
    (_person("b", "jan", "jansen", "1980-02-01"), True),    # day and month swapped
    (_person("b", "jan", "jansen", "1980-01-03"), True),    # one typo
    (_person("b", "jan", "jansen", None), True),            # no date
    (_person("b", "j", "jansen", "1980-01-03"), True),      # an initial
    (_person("b", "jan", "jansen", "1991-06-15"), False),   # another person of that name
    (_person("b", "j", "jansen", "1991-06-15"), False),
])
def test_name_rules_skip_contradicting_birth_dates(other: dict[str, str | None], paired: bool) -> None:
    # filler records so every column the rules use holds data
    filler = [_person(f"f{i}", f"name{i}", f"sur{i}", f"19{i + 10}-01-01") for i in range(5)]
    filler[0] |= {"postcode": "1234AB", "house_number": "1", "id_number": "1", "phone": "31",
                  "email": "e"}
    filler[1] |= {"postcode": "1234AC", "house_number": "2", "id_number": "2", "phone": "32",
                  "email": "f"}
    frame = pd.DataFrame([_person("a", "jan", "jansen", "1980-01-02"), other, *filler])
    rules = settings_for(person_spec(), frame)["blocking_rules_to_generate_predictions"]
    api = DuckDBAPI(connection=duckdb.connect())
    counted = count_comparisons_from_blocking_rules(
        api.register(frame, table_name="records"), blocking_rules=rules,
        link_type="dedupe_only", record_sample_proportion=1.0)
    assert (counted[-1]["cumulative_comparison_count"] == 1) is paired
