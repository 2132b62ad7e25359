"""Uploaded budget and spending files go through the CLI's loaders: errors name the uploaded
file (never the temporary copy), its line and field; a bad file keeps nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from offensief.casework.programme import MAX_UPLOAD, upload
from offensief.casework.scenario import DATA
from offensief.db.programme import BudgetLine, ProgrammeEntry
from offensief.model.errors import InputError, PermissionDenied

BUDGET = (DATA / "budget-2020.csv").read_bytes()
SPENDING = (DATA / "spending-2020.csv").read_bytes()


def count(session, model) -> int:
    return int(session.scalar(select(func.count()).select_from(model)))


def test_upload_loads_like_the_cli(as_user, session):
    cora = as_user("cora")
    loaded = upload(cora, kind="budget", name="begroting 2020.csv", data=BUDGET)
    assert (loaded.rows, loaded.total_eur, loaded.source) == (18, "110000000.00",
                                                              "begroting_2020.csv")
    spent = upload(cora, kind="spending", name="spending-2020.csv", data=SPENDING)
    again = upload(cora, kind="spending", name="spending-2020.csv", data=SPENDING)
    assert (spent.rows, again.replaced) == (25, 25)
    assert count(session, ProgrammeEntry) == 25


def test_a_bad_upload_names_the_uploaded_file_and_keeps_nothing(as_user, session):
    cora = as_user("cora")
    upload(cora, kind="budget", name="budget.csv", data=BUDGET)
    bad = BUDGET.decode().replace("2020,8000000.00", "2020,8000000.001", 1).encode()
    with pytest.raises(InputError) as caught:
        upload(cora, kind="budget", name="../../etc/new-budget.csv", data=bad)
    err = caught.value
    assert (err.file, err.line, err.field) == ("new-budget.csv", 3, "amount_eur")
    assert str(err).startswith("new-budget.csv:3: ") and "offensief-programme-" not in str(err)
    assert count(session, BudgetLine) == 18  # the earlier budget stands
    lines = SPENDING.decode().splitlines()
    lines[5] = lines[5].replace(",mit,", ",nonesuch,", 1)
    with pytest.raises(InputError) as caught:
        upload(cora, kind="spending", name="q4.csv", data="\n".join(lines).encode())
    assert (caught.value.file, caught.value.line, caught.value.field) == ("q4.csv", 6, "measure")
    assert count(session, ProgrammeEntry) == 0
    with pytest.raises(InputError, match="larger"):
        upload(cora, kind="budget", name="big.csv", data=b"x" * (MAX_UPLOAD + 1))
    with pytest.raises(InputError) as caught:
        upload(cora, kind="colours", name="x.csv", data=BUDGET)
    assert caught.value.field == "kind"


def test_only_programme_write_uploads(as_user, session):
    for who in ("ana", "gem", "otto"):
        with pytest.raises(PermissionDenied):
            upload(as_user(who), kind="budget", name="budget.csv", data=BUDGET)
    assert count(session, BudgetLine) == 0


def test_an_unreadable_csv_line_is_an_input_error(as_user, session):
    header = b"funding,measure,organisation,year,amount_eur\n"
    data = header + b"nn,mit,politie,2020,1.00\n" + b'"' + b"x" * 200_000 + b'",mit,om,2020,1\n'
    with pytest.raises(InputError) as caught:
        upload(as_user("cora"), kind="budget", name="huge-field.csv", data=data)
    assert caught.value.file == "huge-field.csv" and caught.value.line == 3
    assert count(session, BudgetLine) == 0
