"""The public and semi-public registers, each as it publishes its data.

- BRP (municipal register): official names, BSN, exact birth date, address.
- KvK trade register: firms by KvK number with legal form; officers (bestuurders) by full name
  and birth date; the sole shareholder of a BV ("enig aandeelhouder") with 100 %.
- UBO register (Handelsregisterwet 2007 art. 15a, public extract): name, month and year of
  birth, nationality and the nature/extent of the interest as a bracket — its own records.
- Kadaster: parcels by cadastral code, purchase price ("koopsom"), owners by initials or
  surname-first, firms by statutory name and KvK number.
- RDW: vehicles by plate with catalogue price; holders in capitals with initials.
- Belastingdienst: taxpayers by BSN, surname-first; declared income and wealth per year.
"""

from __future__ import annotations

from .names import Human, call_name, date_variant, full, initials, sorted_form, typo
from .population import World
from .sink import Sink, short

# Kadaster municipality codes (kadastrale gemeente) for the cities of this world.
MUNICIPALITY = {"Rotterdam": "RTD", "Amsterdam": "ASD", "Haag": "SGR", "Utrecht": "UTT",
                "Breda": "BRD", "Tilburg": "TBG", "Eindhoven": "EHV", "Almere": "ALM"}


def _person(w: World, sink: Sink, source: str, h: Human, rid: str, *, name: str,
            dob: str, file: str, **extra: object) -> str:
    sink.emit(file, rid, "Person", name=name, birthDate=dob, **extra)
    sink.record(source, rid, h.tid)
    return rid


def brp(w: World, sink: Sink) -> None:
    rng = w.rng
    for h in w.humans.values():
        if rng.random() < 0.03:  # not registered (recently arrived, emigrated)
            continue
        _person(w, sink, "brp", h, f"brp-{short('brp', h.tid)}", name=full(h), dob=h.dob,
                file="brp_personen.jsonl", firstName=" ".join(h.given),
                lastName=" ".join(p for p in (h.particle, h.surname) if p), idNumber=h.bsn,
                gender=h.gender, address=h.address, nationality="nl")


def _firm_entity(w: World, sink: Sink, source: str, cid: str, *, file: str, full_record: bool) -> str:
    f = w.firms[cid]
    schema = "Organization" if f.form == "Stichting" else "Company"
    rid = f"{source}-{short(source, cid)}"
    if rid in sink.records.get(source, {}):
        return rid
    props: dict[str, object] = {"name": f.name, "registrationNumber": f.kvk}
    if full_record:
        props.update(legalForm=f.form, address=f.address, incorporationDate=f.founded,
                     jurisdiction="nl")
    sink.emit(file, rid, schema, **props)
    sink.record(source, rid, cid)
    return rid


def kvk(w: World, sink: Sink) -> None:
    rng = w.rng
    officers: dict[str, str] = {}
    for cid, f in w.firms.items():
        if f.country != "NL":
            continue
        rid = _firm_entity(w, sink, "kvk", cid, file="kvk_handelsregister.jsonl", full_record=True)

        def officer(t: str) -> str:
            if t not in officers:
                h = w.humans[t]
                officers[t] = _person(w, sink, "kvk", h, f"kvk-fn-{short('kvk', t)}", name=full(h),
                                      dob=h.dob, file="kvk_handelsregister.jsonl",
                                      firstName=" ".join(h.given), lastName=h.surname)
            return officers[t]

        for t in f.directors:
            sink.emit("kvk_handelsregister.jsonl", f"kvk-dir-{short(cid, t)}", "Directorship",
                      director=officer(t), organization=rid, role="bestuurder",
                      startDate=f.founded)
        if f.form == "BV":
            for owner, pct in f.shareholders:
                who = officer(owner) if owner in w.humans else _firm_entity(
                    w, sink, "kvk", owner, file="kvk_handelsregister.jsonl", full_record=True)
                sink.emit("kvk_handelsregister.jsonl", f"kvk-sh-{short(cid, owner)}", "Ownership",
                          owner=who, asset=rid, percentage=pct, role="enig aandeelhouder")
        for t in f.ubo:
            h = w.humans[t]
            ubo = f"kvk-ubo-{short('ubo', cid, t)}"
            _person(w, sink, "kvk", h, ubo, name=call_name(h) if rng.random() < 0.3 else full(h),
                    dob=h.dob[:7], file="kvk_ubo.jsonl", nationality="nl")
            sink.emit("kvk_ubo.jsonl", f"kvk-uboreg-{short(cid, t)}", "Ownership", owner=ubo,
                      asset=rid, role="UBO", ownershipType="meer dan 75%"
                      if f.form != "Stichting" else "hoger leidinggevend personeel (pseudo-UBO)")


def kadaster(w: World, sink: Sink) -> None:
    rng = w.rng
    file = "kadaster_eigendom.jsonl"
    owners: dict[str, str] = {}
    for a in w.assets:
        if a.kind == "car":
            continue
        city = a.label.rsplit(" ", 1)[-1]
        code = ""
        while not code or f"kad-{code.replace(' ', '-')}" in sink.assets_seen:  # parcels are unique
            code = f"{MUNICIPALITY.get(city, 'XXX')}{rng.randint(1, 9):02d} " \
                   f"{rng.choice('ABCDEFGHK')} {rng.randint(100, 9999)}"
        rid = f"kad-{code.replace(' ', '-')}"
        sink.emit(file, rid, "RealEstate", address=a.label, cadastralCode=code,
                  amount=f"{a.value:.2f}", currency="EUR", createDate=a.bought,
                  propertyType="appartementsrecht" if a.kind == "apartment" else "woonhuis")
        sink.assets[a.aid] = {"kadaster": rid}
        sink.assets_seen.add(rid)
        if a.holder in w.firms:
            who = _firm_entity(w, sink, "kadaster", a.holder, file=file, full_record=False)
        else:
            if a.holder not in owners:
                h = w.humans[a.holder]
                name = initials(h) if rng.random() < 0.6 else sorted_form(h)
                owners[a.holder] = _person(w, sink, "kadaster", h, f"kad-p-{short('kad', h.tid)}",
                                           name=name, dob=h.dob, file=file,
                                           birthPlace=h.city if rng.random() < 0.5 else "")
            who = owners[a.holder]
        sink.emit(file, f"kad-own-{short(rid, who)}", "Ownership", owner=who, asset=rid,
                  startDate=a.bought, percentage=100, role="eigendom")


def rdw(w: World, sink: Sink) -> None:
    rng = w.rng
    file = "rdw_kentekens.jsonl"
    for a in w.assets:
        if a.kind != "car":
            continue
        rid = f"rdw-{a.label}"
        if a.holder in w.firms:
            who = _firm_entity(w, sink, "rdw", a.holder, file=file, full_record=False)
        else:
            h = w.humans[a.holder]
            who = _person(w, sink, "rdw", h, f"rdw-h-{short('rdw', h.tid, a.aid)}",
                          name=initials(h).upper(), file=file,
                          dob=date_variant(rng, h.dob, p_missing=0.05, p_noise=0.05),
                          address=h.address)
        sink.emit(file, rid, "Vehicle", registrationNumber=a.label, model=a.model,
                  amount=f"{a.value:.2f}", currency="EUR", registrationDate=a.bought, owner=who,
                  type="personenauto")
        if rid in sink.assets_seen:
            raise ValueError(f"licence plate {a.label} issued twice")
        sink.assets[a.aid] = {"rdw": rid}
        sink.assets_seen.add(rid)


def tax(w: World, sink: Sink, income: dict[str, float]) -> None:
    rng = w.rng
    file = "belastingdienst_ib.jsonl"
    for h in w.humans.values():
        if h.dob >= "2007-01-01":
            continue
        if h.group is None and h.tid not in w.facilitators and rng.random() > 0.4:
            continue
        rid = f"bd-{short('bd', h.tid)}"
        name = sorted_form(h) if rng.random() < 0.7 else full(h)
        _person(w, sink, "belastingdienst", h, rid, name=name, dob=h.dob, file=file,
                idNumber=h.bsn if rng.random() < 0.97 else "")
        sink.emit(file, f"bd-ib-{short('ib', h.tid)}", "TaxRoll", taxee=rid, date="2024",
                  income=f"{income.get(h.tid, 0.0):.0f}", wealth=f"{rng.randrange(0, 40000, 500)}")


def police_name(rng, h: Human) -> str:
    base = call_name(h) if rng.random() < 0.6 else full(h)
    if rng.random() < 0.15:
        base = typo(rng, base)
    return base.upper() if rng.random() < 0.5 else base
