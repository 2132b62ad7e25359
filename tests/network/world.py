"""A small two-group criminal world as FtM entities, loaded through the real ingest."""

from __future__ import annotations

from pathlib import Path

import orjson

from offensief.ingest import ingest_file
from offensief.model.dataset import Dataset
from offensief.store.duckstore import Store


def iban(number: int) -> str:
    """A valid Dutch IBAN for account ``number`` at the fictitious bank 'ABNA'."""
    bban = f"ABNA{number:010d}"
    digits = "".join(str(int(c, 36)) for c in bban + "NL00")
    return f"NL{98 - int(digits) % 97:02d}{bban}"


def _e(eid: str, schema: str, **props: object) -> dict:
    return {"id": eid, "schema": schema,
            "properties": {k: v if isinstance(v, list) else [str(v)] for k, v in props.items()}}


def person(eid: str, name: str, **props: object) -> dict:
    return _e(eid, "Person", name=name, **props)


def police_entities() -> list[dict]:
    out = [
        person("p-ka", "Karel Kop", address="Kade 1, Amsterdam", country="nl"),
        person("p-kb", "Bram Baas", address="Laan 9, Rotterdam", country="nl"),
        person("p-dig", "Dirk Digi", profession="crypto-phone reseller", country="nl"),
        person("p-log", "Lars Truck", profession="transport planner", country="nl"),
    ]
    groups = {"a": ("p-ka", ["p-la1", "p-la2"], 5), "b": ("p-kb", ["p-lb1", "p-lb2"], 5)}
    calls = 0
    for g, (boss, lieutenants, workers) in groups.items():
        for lt in lieutenants:
            out.append(person(lt, f"Luitenant {lt}", country="nl"))
            for _ in range(4):
                calls += 1
                out.append(_e(f"call-{calls}", "Call", caller=boss, receiver=lt))
            for w in range(workers):
                wid = f"p-w{g}{lt[-1]}{w}"
                out.append(person(wid, f"Werker {wid}", country="nl"))
                calls += 1
                out.append(_e(f"call-{calls}", "Call", caller=lt, receiver=wid))
        for lt in lieutenants:
            calls += 1
            out.append(_e(f"call-{calls}", "Call", caller=lt, receiver="p-dig"))
            calls += 1
            out.append(_e(f"call-{calls}", "Call", caller=lt, receiver="p-log"))
    out.append(_e("fam-1", "Family", person="p-ka", relative="p-la1", relationship="brother"))
    return out


def kvk_entities() -> list[dict]:
    return [
        person("k-acc", "Anna Boekhouder", profession="registeraccountant", country="nl"),
        person("k-ben", "Ben Braaf", profession="accountant", country="nl"),
        person("k-friend", "Frits Vriend", country="nl"),
        person("k-straw", "Stan Stroman", country="nl"),
        person("k-ka", "K. Kop", country="nl"),
        _e("c-trust", "Company", name="Trustkantoor Zuidas BV", classification="6920", country="nl"),
        _e("c-shell-a", "Company", name="Alpha Holding BV", classification="6420", country="nl"),
        _e("c-shell-b", "Company", name="Beta Vastgoed BV", classification="6810", country="cw"),
        _e("c-ben", "Company", name="Braaf Administratie", classification="6920", country="nl"),
        _e("d-1", "Directorship", director="k-acc", organization="c-trust", role="bestuurder"),
        _e("d-2", "Directorship", director="c-trust", organization="c-shell-a"),
        _e("d-3", "Directorship", director="k-straw", organization="c-shell-b"),
        _e("d-4", "Directorship", director="k-ben", organization="c-ben"),
        _e("o-1", "Ownership", owner="k-ka", asset="c-shell-a", percentage="100"),
        _e("o-2", "Ownership", owner="c-shell-a", asset="c-shell-b", percentage="100"),
        _e("o-3", "Ownership", owner="c-shell-b", asset="re-villa"),
        _e("o-4", "Ownership", owner="c-shell-b", asset="re-flat"),
        _e("o-5", "Ownership", owner="k-straw", asset="c-shell-b", percentage="1"),
        _e("re-villa", "RealEstate", name="Villa Blaricum", country="nl"),
        _e("re-flat", "RealEstate", name="Appartement Willemstad", country="cw"),
        _e("fam-2", "Family", person="k-ben", relative="k-friend", relationship="sibling"),
        # the accountant serves group b too: he keeps the books of a lieutenant's firm
        _e("c-lb", "Company", name="Bouw B BV", classification="4120", country="nl"),
        _e("d-5", "Directorship", director="p-lb1", organization="c-lb"),
        _e("d-6", "Directorship", director="k-acc", organization="c-lb", role="financieel adviseur"),
    ]


def bank_entities() -> list[dict]:
    out = [person("b-mule", "Mo Muilezel", country="nl")]
    accounts = {"b-mule": iban(1), "p-la2": iban(2),
                "p-wa10": iban(3), "p-wa11": iban(4),
                "p-wb10": iban(5), "k-ka": iban(6)}
    for i, (holder, number) in enumerate(accounts.items()):
        out.append(_e(f"acc-{i}", "BankAccount", iban=number))
        out.append(_e(f"hold-{i}", "Ownership", owner=holder, asset=f"acc-{i}"))
    acc = {h: f"acc-{i}" for i, h in enumerate(accounts)}
    tx = 0
    for payer in ("p-wa10", "p-wa11", "p-wb10"):
        for _ in range(3):
            tx += 1
            out.append(_e(f"tx-{tx}", "Payment", payerAccount=acc[payer], beneficiaryAccount=acc["b-mule"],
                          amount="9000", description="cash-deposit", date="2025-03-01"))
    for _ in range(3):
        tx += 1
        out.append(_e(f"tx-{tx}", "Payment", payerAccount=acc["b-mule"], beneficiaryAccount=acc["p-la2"],
                      amount="8500", description="transfer", date="2025-03-02"))
    for _ in range(4):
        tx += 1
        out.append(_e(f"tx-{tx}", "Payment", payerAccount=acc["p-la2"], beneficiaryAccount=acc["k-ka"],
                      amount="20000", description="invoice", date="2025-03-05"))
    return out


#: Entity resolution's answer for this world: the kingpin appears in three sources.
CANONICAL = {"k-ka": "p-ka"}


def write_jsonl(path: Path, entities: list[dict]) -> Path:
    path.write_bytes(b"\n".join(orjson.dumps(e) for e in entities) + b"\n")
    return path


#: Datasets the tests add beyond the test store's own (politie-bvh, bank): partner and regime.
EXTRA_DATASETS = {"telecom": ("telecom", "wpg-9"), "brp": ("gemeente", "avg"), "kvk": ("kvk", "open")}


def load_sources(store: Store, tmp_path: Path, sources: dict[str, list[dict]]) -> None:
    """Ingest ``{dataset: entities}`` through the real ingest, registering the datasets of
    :data:`EXTRA_DATASETS` first (the test store already holds politie-bvh and bank)."""
    for name, entities in sources.items():
        if name in EXTRA_DATASETS:
            partner, regime = EXTRA_DATASETS[name]
            store.add_dataset(Dataset.create(name=name, partner=partner, regime=regime, purpose="onderzoek",
                                             collected_at="2025-01-01"))
        ingest_file(store, dataset=name, path=write_jsonl(tmp_path / f"{name}.jsonl", entities))


def load_world(store: Store, tmp_path: Path) -> None:
    """Load the three sources into the datasets of the test workspace."""
    ingest_file(store, dataset="politie-bvh", path=write_jsonl(tmp_path / "police.jsonl", police_entities()))
    ingest_file(store, dataset="politie-bvh", path=write_jsonl(tmp_path / "kvk.jsonl", kvk_entities()))
    ingest_file(store, dataset="bank", path=write_jsonl(tmp_path / "bank.jsonl", bank_entities()))
