"""Phone numbers as Dutch partners write them: national format read with the source's country.

FtM accepts a number without a country code only with a country hint. Each source has a
default country (``nl`` unless its mapping or manifest entry says otherwise); the normalised
E.164 number is the statement's value and the text as written is kept as its original value.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from offensief.ingest import ingest_file, ingest_manifest
from offensief.model.errors import InputError
from offensief.store.duckstore import Store
from tests.ingest.helpers import person, write_jsonl

#: (as written, E.164, original kept) — one per way a number reaches us.
VARIANTS = [
    ("06-46758508", "+31646758508", True),          # national mobile with a dash
    ("010-4123456", "+31104123456", True),          # national landline with area code
    ("0031 6 12345678", "+31612345678", True),      # international prefix 00 instead of +
    ("+31 (0)6 46758508", "+31646758508", True),    # country code with the trunk zero in brackets
    ("020 - 555 12 34", "+31205551234", True),      # spaces and dashes
    ("+49 30 1234567", "+49301234567", False),      # foreign number with its own code
    ("+31612345678", "+31612345678", False),        # already E.164
]

MAPPING = """
people:
  queries:
    - csv_url: x.csv
      entities:
        person:
          schema: Person
          keys: [pid]
          properties:
            name: {column: name}
            phone: {column: tel}
"""


def phones(store: Store) -> dict[str, tuple[str, str | None]]:
    """entity id -> (value, original) of each phone statement."""
    rows = store.con.execute(
        "SELECT s.entity_id, s.value, o.original_value FROM statements s "
        "LEFT JOIN statement_originals o ON o.id = s.id AND o.dataset = s.dataset WHERE s.prop = 'phone'"
    ).fetchall()
    return {e: (v, o) for e, v, o in rows}


def expected(ids: list[str]) -> dict[str, tuple[str, str | None]]:
    return {i: (e164, written if kept else None) for i, (written, e164, kept) in zip(ids, VARIANTS)}


def test_jsonl_variants(store: Store, tmp_path: Path) -> None:
    entities = [person(i, phone=[written]) for i, (written, _, _) in enumerate(VARIANTS)]
    ingest_file(store, dataset="politie-bvh", path=write_jsonl(tmp_path / "p.jsonl", entities))
    assert phones(store) == expected([f"p{i}" for i in range(len(VARIANTS))])
    shown = {r["value"]: r["original_value"] for r in store.statements_for("p0") if r["prop"] == "phone"}
    assert shown == {"+31646758508": "06-46758508"}


def write_csv(tmp_path: Path, tels: list[str], mapping: str = MAPPING) -> tuple[Path, Path]:
    data = tmp_path / "x.csv"
    data.write_text("pid,name,tel\n" + "".join(f'{i},Persoon {i},"{t}"\n' for i, t in enumerate(tels)))
    (tmp_path / "x.yml").write_text(mapping)
    return data, tmp_path / "x.yml"


def test_csv_variants(store: Store, tmp_path: Path) -> None:
    data, mapping = write_csv(tmp_path, [w for w, _, _ in VARIANTS])
    ingest_file(store, dataset="bank", path=data, mapping=mapping)
    ids = [r[0] for r in store.con.execute(
        "SELECT entity_id FROM statements WHERE prop = 'name' ORDER BY value").fetchall()]
    assert phones(store) == expected(ids)


def test_csv_with_international_numbers_only_stays_on_the_compiled_path(store: Store, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from offensief.ingest import loader
    monkeypatch.setattr(loader, "_rows", lambda *a, **k: pytest.fail("the exact path ran"))
    data, mapping = write_csv(tmp_path, ["+31612345678", "+49 30 1234567"])
    ingest_file(store, dataset="bank", path=data, mapping=mapping)
    assert sorted(v for v, _ in phones(store).values()) == ["+31612345678", "+49301234567"]


def test_country_from_the_mapping(store: Store, tmp_path: Path) -> None:
    data, mapping = write_csv(tmp_path, ["0470 12 34 56"], "country: be\n" + MAPPING)
    ingest_file(store, dataset="bank", path=data, mapping=mapping)
    assert list(phones(store).values()) == [("+32470123456", "0470 12 34 56")]


def test_country_from_the_manifest(store: Store, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "p.jsonl", [person(1, phone=["0470 12 34 56"])])
    manifest = tmp_path / "datasets.json"
    manifest.write_bytes(orjson.dumps({"datasets": [{
        "name": "federale-politie", "partner": "politie-be", "regime": "wpg-20", "purpose": "jit",
        "collected_at": "2025-01-01", "country": "be", "files": [{"path": "p.jsonl"}]}]}))
    ingest_manifest(store, manifest)
    assert list(phones(store).values()) == [("+32470123456", "0470 12 34 56")]


def test_unparseable_numbers_name_file_line_and_field(store: Store, tmp_path: Path) -> None:
    data, mapping = write_csv(tmp_path, ["06-46758508", "0612"])
    with pytest.raises(InputError, match=r"invalid phone number '0612' \(nor as a national number of NL\)") as err:
        ingest_file(store, dataset="bank", path=data, mapping=mapping)
    assert (err.value.file, err.value.line, err.value.field) == (str(data), 3, "tel")
    path = write_jsonl(tmp_path / "p.jsonl", [person(1, phone=["06-46758508"]), person(2, phone=["12345"])])
    with pytest.raises(InputError, match="invalid phone number '12345'") as err:
        ingest_file(store, dataset="politie-bvh", path=path)
    assert (err.value.line, err.value.field) == (2, "properties.phone")
    assert store.con.execute("SELECT count(*) FROM statements").fetchone()[0] == 0


def test_unknown_country_is_refused(store: Store, tmp_path: Path) -> None:
    data, mapping = write_csv(tmp_path, ["06-46758508"], "country: eu\n" + MAPPING)
    with pytest.raises(InputError, match="invalid default country 'eu'"):
        ingest_file(store, dataset="bank", path=data, mapping=mapping)


def test_reloading_keeps_one_original(store: Store, tmp_path: Path) -> None:
    """An overlapping file adds no second original for a statement that has one."""
    write_jsonl(tmp_path / "a.jsonl", [person(1, phone=["06-46758508"])])
    write_jsonl(tmp_path / "b.jsonl", [person(1, phone=["06 46758508"]), person(2, phone=["06-46758508"])])
    ingest_file(store, dataset="politie-bvh", path=tmp_path / "a.jsonl")
    ingest_file(store, dataset="politie-bvh", path=tmp_path / "b.jsonl")
    assert phones(store) == {"p1": ("+31646758508", "06-46758508"), "p2": ("+31646758508", "06-46758508")}
    assert store.con.execute("SELECT count(*) FROM statement_originals").fetchone()[0] == 2
