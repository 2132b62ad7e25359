"""goAML import: a hand-made report becomes valid FtM entities and typed transactions."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from followthemoney import model

from offensief.finance.alerts import detect_alerts
from offensief.finance.settings import Settings
from offensief.ingest.goaml import read_goaml
from offensief.model.dataset import Dataset
from offensief.model.errors import InputError
from offensief.store.duckstore import Store

REPORT = Path(__file__).parent / "data" / "goaml_report.xml"


def _statements(entities: list[dict]) -> pa.Table:
    rows: dict[str, list[str]] = {"entity_id": [], "schema": [], "prop": [], "prop_type": [], "value": []}
    for entity in entities:
        proxy = model.get_proxy(entity)
        for prop, value in proxy.itervalues():
            rows["entity_id"].append(proxy.id)
            rows["schema"].append(proxy.schema.name)
            rows["prop"].append(prop.name)
            rows["prop_type"].append(prop.type.name)
            rows["value"].append(value)
    return pa.table(rows)


def test_report_becomes_ftm_entities() -> None:
    read = list(read_goaml(REPORT))
    entities = [e for _, e in read]
    schemata = sorted(e["schema"] for e in entities)
    assert schemata == ["BankAccount", "BankAccount", "Company", "Ownership", "Ownership",
                        "Payment", "Payment", "Person"]
    for entity in entities:
        model.get_proxy(entity)  # valid FtM 4
    pay1 = next(e for _, e in read if e["properties"].get("transactionNumber") == ["TX-001"])
    assert pay1["properties"]["description"] == ["cash-deposit"]
    assert pay1["properties"]["amount"] == ["9500.00"]
    person = next(e for e in entities if e["schema"] == "Person")
    assert pay1["properties"]["payer"] == [person["id"]]
    assert person["properties"]["birthDate"] == ["1988-07-14"]
    lines = {e["schema"]: line for line, e in read}
    assert lines["Company"] > lines["Person"] > 1
    # the same report read twice gives the same ids
    assert [e["id"] for _, e in read_goaml(REPORT)] == [e["id"] for e in entities]


def test_report_loads_into_transactions_and_holders() -> None:
    entities = [e for _, e in read_goaml(REPORT)]
    store = Store.memory()
    store.add_dataset(Dataset.create(name="fiu-goaml", partner="fiu", regime="wwft", purpose="test",
                                     collected_at="2025-04-02"))
    store.load(dataset="fiu-goaml", file=str(REPORT), sha256="x", fmt="goaml",
               batches=[(_statements(entities), len(entities))])
    rows = store.con.execute(
        "SELECT amount, description, payer_account, beneficiary_account FROM transactions ORDER BY ts"
    ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [(9500.0, "cash-deposit"), (9200.0, "transfer")]
    assert rows[0][2] is None and rows[0][3] == rows[1][2]
    alerts = detect_alerts(store.con, settings=Settings(passthrough_min_pairs=1))
    (alert,) = alerts
    assert alert["typology"] == "rapid_pass_through"
    company = next(e["id"] for e in entities if e["schema"] == "Company")
    assert company in alert["entity_ids"]


def test_bad_reports_name_file_line_and_field(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<report>\n<transaction>\n</report>\n")
    with pytest.raises(InputError) as err:
        list(read_goaml(broken))
    assert err.value.line == 3 and err.value.file == str(broken)
    bad_amount = tmp_path / "amount.xml"
    bad_amount.write_text(REPORT.read_text().replace("<amount_local>9200</amount_local>",
                                                     "<amount_local>9.200,00</amount_local>"))
    with pytest.raises(InputError) as err:
        list(read_goaml(bad_amount))
    assert err.value.field == "amount_local" and err.value.line > 40
    no_to = tmp_path / "no_to.xml"
    text = REPORT.read_text()
    start = text.rindex("<t_to>")
    no_to.write_text(text[:start] + text[text.rindex("</t_to>") + len("</t_to>"):])
    with pytest.raises(InputError, match="t_to") as err:
        list(read_goaml(no_to))
    assert err.value.field == "t_to"
