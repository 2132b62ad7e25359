"""The demo world's protection register: a threatened lawyer, journalist and mayor (and a
crown witness in another unit's compartment), threatened by the kingpins of the demo groups.

The kingpins are found the way an officer would name them: the persons the police record as
the *person* side of *handlanger* links (a kingpin and his lieutenants), most links first.
The lawyer and the journalist are residents of the demo world (so that hit/no-hit on their
name, address and phone answers "known in the demo case"); the mayor is not (no hit). Dates
are relative to ``today`` so the deadlines list always shows overdue and coming work.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from offensief.db.protect import ProtectSubject
from offensief.protect import register as reg
from offensief.protect.identifiers import name_key
from offensief.store.duckstore import Store
from offensief.store.watch import first_value, identities, relations

POLICE, BRP, CDR = "politie-bvh", "gemeente-brp", "telecom-cdr"
BY = "demo"


def kingpins(store: Store, *, dataset: str = POLICE) -> list[str]:
    """Police entity ids on the person side of *handlanger* links, most links first."""
    counts = Counter(a for a, _ in relations(store, dataset=dataset, relationship="handlanger"))
    return [e for e, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def residents(store: Store) -> list[dict[str, str | None]]:
    """Adult residents (BRP) born 1960–1985 whom the police do not know by name, with a
    phone from the telecom data when name and birth date agree."""
    police = {name_key(p["name"] or "") for p in identities(store, dataset=POLICE)}
    phones = {(name_key(p["name"] or ""), p["birth_date"]): p["phone"]
              for p in identities(store, dataset=CDR) if p["phone"]}
    found = []
    for p in identities(store, dataset=BRP):
        born = p["birth_date"] or ""
        if not ("1960" <= born[:4] <= "1985") or not p["address"] or not p["name"]:
            continue
        if name_key(p["name"]) in police:
            continue
        found.append({**p, "phone": phones.get((name_key(p["name"]), born))})
    return found


def seed_protection(session: Session, store: Store, *, today: date | None = None) -> list[int]:
    """Create the demo records once; returns their ids ([] when already there or when the
    store is not the demo world)."""
    if session.scalar(select(ProtectSubject).where(ProtectSubject.created_by == BY)) is not None:
        return []
    names = {d.name for d in store.datasets()}
    if not {POLICE, BRP, CDR} <= names:
        return []
    pins = kingpins(store)
    people = [p for p in residents(store) if p["phone"]]
    if len(pins) < 3 or len(people) < 2:
        return []
    t = today or date.today()

    def day(n: int) -> date:
        """``n`` days before today."""
        return t - timedelta(days=n)

    def threatener(entity: str) -> reg.ThreatenerInput:
        return reg.ThreatenerInput(name=first_value(store, entity, "name") or entity,
                                   entity_id=entity)

    ids = []
    lawyer, journalist = people[0], people[len(people) // 2]
    # A lawyer of a crown witness: concrete threat, personal protection running.
    s = reg.add_subject(session, reg.SubjectInput(
        name=str(lawyer["name"]), kind="person", profession="lawyer", region="Rotterdam",
        unit_partner="politie", authority_partner="om",
        birth_date=date.fromisoformat(str(lawyer["birth_date"])[:10]),
        address=lawyer["address"], phone=lawyer["phone"]), by=BY)
    reg.add_report(session, s, source="CIE Rotterdam", reported_on=day(60), classification="concrete",
                   summary="Opdracht tot liquidatie besproken in versleutelde chat",
                   threateners=[threatener(pins[0])], by=BY)
    reg.move(session, s, "assessing", partner="politie", by=BY)
    reg.add_product(session, s, kind="ird", author_org="politie", issued_on=day(59),
                    conclusion="concrete", threat_level=3, decision="DI aangevraagd", requests="di",
                    by=BY)
    reg.add_product(session, s, kind="di", author_org="politie", issued_on=day(56),
                    conclusion="concrete", threat_level=4,
                    decision="HOvJ: persoonsbeveiliging en woningbeveiliging", by=BY)
    reg.move(session, s, "decided", partner="om", by=BY)
    reg.add_measure(session, s, description="Persoonsbeveiliging tijdens werk en woon-werkverkeer",
                    level=4, unit="politie", start_on=day(55), by=BY)
    reg.add_measure(session, s, description="Camera en alarm woning", level=3, unit="own",
                    start_on=day(50), by=BY)
    reg.move(session, s, "protected", partner="politie", by=BY)
    reg.add_contact(session, s, channel="visit", note="Maatregelen besproken met betrokkene",
                    by=BY)
    ids.append(s.id)
    # A journalist: conceivable threat after publications; the DI is overdue.
    s = reg.add_subject(session, reg.SubjectInput(
        name=str(journalist["name"]), kind="person", profession="journalist", region="Amsterdam",
        unit_partner="politie", authority_partner="om",
        birth_date=date.fromisoformat(str(journalist["birth_date"])[:10]),
        address=journalist["address"], phone=journalist["phone"]), by=BY)
    reg.add_report(session, s, source="Redactie (aangifte)", reported_on=day(12),
                   classification="conceivable", summary="Bedreigende berichten na publicatie",
                   threateners=[threatener(pins[1])], by=BY)
    reg.move(session, s, "assessing", partner="politie", by=BY)
    reg.add_product(session, s, kind="ird", author_org="politie", issued_on=day(10),
                    conclusion="conceivable", threat_level=2, decision="DI aangevraagd",
                    requests="di", by=BY)
    reg.add_contact(session, s, channel="phone", note="Melding ontvangen, DI aangevraagd", by=BY)
    ids.append(s.id)
    # A mayor who closed the groups' premises (art. 13b Opiumwet): a fresh report.
    s = reg.add_subject(session, reg.SubjectInput(
        name="Marieke van der Linden-Okafor", kind="person", profession="mayor",
        region="Zuid-Holland-Zuid", unit_partner="politie", authority_partner="om",
        birth_date=date(1969, 3, 14), address="Kerkpad 3, 3311 AB Dordrecht",
        phone="+31 6 0000 0469"), by=BY)
    reg.add_report(session, s, source="Gemeente (bestuursdienst)", reported_on=day(1),
                   classification="conceivable",
                   summary="Intimidatie bij woning na sluiting panden (art. 13b Opiumwet)",
                   threateners=[threatener(pins[2])], by=BY)
    ids.append(s.id)
    # A crown witness in the KMar's compartment: the demo officer (politie) does not see it.
    s = reg.add_subject(session, reg.SubjectInput(
        name="Kroongetuige K-17", kind="person", profession="crown_witness", region="Landelijk",
        unit_partner="kmar", authority_partner="om"), by=BY)
    reg.add_report(session, s, source="Landelijk Parket", reported_on=day(200),
                   classification="concrete", threateners=[threatener(pins[0])], by=BY)
    reg.move(session, s, "assessing", partner="kmar", by=BY)
    reg.add_product(session, s, kind="ird", author_org="kmar", issued_on=day(199),
                    conclusion="concrete", threat_level=4, by=BY)
    reg.add_product(session, s, kind="di", author_org="kmar", issued_on=day(198),
                    conclusion="concrete", threat_level=4, decision="Getuigenbescherming", by=BY)
    reg.move(session, s, "decided", partner="om", by=BY)
    reg.add_measure(session, s, description="Beveiligd verblijf", level=4, unit="kmar",
                    start_on=day(197), by=BY)
    reg.move(session, s, "protected", partner="kmar", by=BY)
    ids.append(s.id)
    return ids
