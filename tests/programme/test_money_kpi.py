"""Seizure → confiscation → collection arithmetic and each KPI, on a fixture computed by hand.

The fixture (case Zandloper, region Rotterdam unless said):
  #1 arrest of p1 (kingpin) and p2 (lieutenant), executed 2020-10-01, result (both held);
     seized: weapon GL-1 (linked to p1, EUR 0), cash EUR 10 000.10;
     ontneming EUR 6 000.00, inning EUR 2 500.05 + EUR 0.05
  #2 fiod-seizure of p3 (facilitator), executed 2021-02-01, result, p3 removed;
     seized: real estate EUR 200 000.00, weapon GL-2 (not linked);
     aanslag EUR 50 000.00, fiscale-inning EUR 12 345.67
  #3 closure-13b of c1 (company), region Den Haag, executed 2020-12-01, result (removes nobody)
  #4 bibob-withdrawal proposed only;  #5 arrest of p1 again, cancelled
  in case Kompas: #6 arrest of p1 (same id, other case), region Den Haag, executed, result.
By hand:
  seized 10 000.10 + 200 000.00 = 210 000.10; ordered 6 000.00; collected 2 500.10;
  gap 210 000.10 - 2 500.10 = 207 500.00; collected share 2 500.10 / 6 000 = 0.4167 (0.41668..)
  persons removed (national): Zandloper p1, p2, p3 + Kompas p1 = 4 (kingpin 2, lieutenant 1,
  facilitator 1); administrative measures: closure-13b 1; barriers raised 4
  (#1, #2, #3, #6); weapons 2, linked 1.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from offensief.cases.kpi import Effect, compute
from offensief.cases.results import Money, funnel, to_cents
from offensief.casework import interventions as work
from offensief.casework.results import case_results, kpi
from offensief.db.interventions import EffectMeasurement
from offensief.model.errors import InputError, PermissionDenied


def chain(as_user, *, case="Zandloper", kind="criminal", instrument="arrest", partner="politie",
          subjects=(("p1", "person", "kingpin"),), region="Rotterdam", executed=date(2020, 10, 1),
          outcome="held", removed=None, stop=None):
    approver = {"politie": "otto", "gemeente": "gem", "fiod": "fio"}[partner]
    doer = {"politie": "ivo", "gemeente": "gem", "fiod": "fio"}[partner]
    if case == "Kompas":
        approver, doer = "otto", "otto"
    item = work.add_intervention(
        as_user("ana"), case=case, kind=kind, instrument=instrument,
        partner="om" if case == "Kompas" else partner, region=region,
        subjects=[work.Subject(e, kind=k, role=r) for e, k, r in subjects], on=date(2020, 9, 1),
        measure="mit")
    for to in ("approved", "executed", "result"):
        if to == stop:
            return item
        who = approver if to == "approved" else doer
        item = work.move_intervention(as_user(who), case=case, intervention_id=item.id, to=to,
                                      on=executed if to != "approved" else date(2020, 9, 5),
                                      outcome=outcome if to == "result" else None,
                                      removed=removed if to == "result" else None)
    return item


@pytest.fixture
def world(as_user, session):
    one = chain(as_user, subjects=(("p1", "person", "kingpin"), ("p2", "person", "lieutenant")))
    work.record_item(as_user("ivo"), case="Zandloper", intervention_id=one.id, kind="weapon",
                     identifier="GL-1", entity_id="p1")
    work.record_item(as_user("ivo"), case="Zandloper", intervention_id=one.id, kind="cash",
                     value="10000.10")
    work.record_money(as_user("otto"), case="Zandloper", intervention_id=one.id,
                      stage="ontneming", amount="6000.00", on=date(2021, 3, 1))
    work.record_money(as_user("otto"), case="Zandloper", intervention_id=one.id, stage="inning",
                      amount="2500,05", on=date(2021, 4, 1))
    work.record_money(as_user("otto"), case="Zandloper", intervention_id=one.id, stage="inning",
                      amount="0.05", on=date(2021, 5, 1))
    two = chain(as_user, kind="fiod", instrument="fiod-seizure", partner="fiod",
                subjects=(("p3", "person", "facilitator"),), executed=date(2021, 2, 1),
                removed=["p3"])
    work.record_item(as_user("fio"), case="Zandloper", intervention_id=two.id,
                     kind="real-estate", value="200000")
    work.record_item(as_user("fio"), case="Zandloper", intervention_id=two.id, kind="weapon",
                     identifier="GL-2")
    work.record_money(as_user("bel"), case="Zandloper", intervention_id=two.id, stage="aanslag",
                      amount="50000.00", on=date(2021, 3, 1))
    work.record_money(as_user("bel"), case="Zandloper", intervention_id=two.id,
                      stage="fiscale-inning", amount="12345.67", on=date(2021, 3, 2))
    chain(as_user, kind="administrative", instrument="closure-13b", partner="gemeente",
          subjects=(("c1", "company", None),), region="Den Haag", executed=date(2020, 12, 1),
          outcome="closed")
    chain(as_user, kind="administrative", instrument="bibob-withdrawal", partner="gemeente",
          subjects=(("c2", "company", None),), stop="approved")
    five = chain(as_user, stop="approved")
    work.move_intervention(as_user("ana"), case="Zandloper", intervention_id=five.id,
                           to="cancelled", on=date(2020, 9, 2))
    chain(as_user, case="Kompas", region="Den Haag")
    return session


def test_to_cents_is_exact_and_strict():
    assert to_cents("0.1") + to_cents("0.2") == to_cents("0.3") == 30
    assert to_cents("1234,56") == 123456
    for bad in ("1.234,56", "12.345", "-5", "abc", "1e3"):
        with pytest.raises(InputError):
            to_cents(bad)


def test_funnel_by_hand(world, as_user):
    total = case_results(as_user("ana"), case="Zandloper").afpakken["total"]
    assert total["seized_eur"] == "210000.10"
    assert total["ordered_eur"] == "6000.00"
    assert total["collected_eur"] == "2500.10"
    assert total["gap_eur"] == "207500.00"
    assert total["collected_share"] == "0.4167"
    assert total["fiscal_assessed_eur"] == "50000.00"
    assert total["fiscal_collected_eur"] == "12345.67"


def test_funnel_per_year_is_the_cohort_of_the_seizure(world, as_user):
    years = {r["year"]: r for r in case_results(as_user("ana"),
                                                case="Zandloper").afpakken["by_year"]}
    assert years[2020]["seized_eur"] == "10000.10" and years[2020]["collected_eur"] == "2500.10"
    assert years[2021]["seized_eur"] == "200000.00" and years[2021]["ordered_eur"] == "0.00"


def test_collection_never_exceeds_the_order(world, as_user):
    items = work.list_interventions(as_user("ana"), case="Zandloper")
    with pytest.raises(InputError, match="more than the ontneming"):
        work.record_money(as_user("otto"), case="Zandloper", intervention_id=items[0].id,
                          stage="inning", amount="3499.91", on=date(2021, 6, 1))
    work.record_money(as_user("otto"), case="Zandloper", intervention_id=items[0].id,
                      stage="inning", amount="3499.90", on=date(2021, 6, 1))


def test_money_only_after_execution_and_by_the_right_partner(world, as_user):
    items = work.list_interventions(as_user("ana"), case="Zandloper")
    proposed = next(i for i in items if i.status == "proposed")
    with pytest.raises(Exception, match="after it was executed"):
        work.record_item(as_user("gem"), case="Zandloper", intervention_id=proposed.id,
                         kind="cash", value="1")
    with pytest.raises(PermissionDenied):
        work.record_money(as_user("gem"), case="Zandloper", intervention_id=items[0].id,
                          stage="ontneming", amount="1.00", on=date(2021, 6, 1))
    with pytest.raises(InputError, match="serial"):
        work.record_item(as_user("ivo"), case="Zandloper", intervention_id=items[0].id,
                         kind="weapon")


def test_funnel_grouping_by_region_and_year():
    rows = [Money("A", "R", 2020, "beslag", 100), Money("A", "R", 2020, "inning", 30),
            Money("B", "S", 2021, "beslag", 7), Money("B", "R", 2021, "ontneming", 5)]
    by = {f.key["region"]: f for f in funnel(rows, by=("region",))}
    assert (by["R"].seized, by["R"].ordered, by["R"].collected) == (100, 5, 30)
    assert by["R"].gap_eur == Decimal("0.70") and by["S"].gap_eur == Decimal("0.07")
    assert funnel([], by=())[0].seized == 0


def test_kpi_national_by_hand(world, as_user, session):
    groups = kpi(as_user("cora"), level="national").groups
    assert len(groups) == 1
    g = groups[0]
    assert g["persons_removed"] == {"total": 4, "by_role": {"facilitator": 1, "kingpin": 2,
                                                            "lieutenant": 1}}
    assert g["barriers_raised"]["total"] == 4
    assert g["barriers_raised"]["by_kind"] == {"administrative": 1, "criminal": 2, "fiod": 1}
    assert g["administrative_measures"] == {"closure-13b": 1}
    assert g["interventions"] == {"cancelled": 1, "proposed": 1, "result": 4}
    assert g["weapons_seized"] == {"total": 2, "linked": 1}
    assert g["afpakken"]["seized_eur"] == "210000.10"
    assert g["days_to_execution"] == 60.5  # 30, 30, 91 (closure), 153: (30 + 91) / 2
    assert g["networks_measured"] == 0


def test_kpi_per_region_and_case(world, as_user):
    regions = {g["key"]: g for g in kpi(as_user("cora"), level="region").groups}
    assert set(regions) == {"Rotterdam", "Den Haag"}
    assert regions["Rotterdam"]["persons_removed"]["total"] == 3
    assert regions["Den Haag"]["persons_removed"]["total"] == 1  # Kompas' p1
    assert regions["Den Haag"]["administrative_measures"] == {"closure-13b": 1}
    cases = {g["key"]: g for g in kpi(as_user("ivo"), level="case").groups}
    assert set(cases) == {"Zandloper"}  # ivo is not in Kompas
    assert kpi(as_user("cora"), level="case").groups == []  # the controller: no case level


def test_networks_down_after_n_months():
    effects = [Effect("A", 8, before=4, observed=3), Effect("A", 2, before=4, observed=4),
               Effect("B", 7, before=10, observed=8), Effect("C", 3, before=2, observed=0)]
    g = compute([], effects, level="national", months=6, drop=0.25)[0].values
    # A (latest at >= 6 months: 3 <= 0.75*4) down; B 8 > 7.5 not down; C too early
    assert (g["networks_measured"], g["networks_down"]) == (2, 1)
    g = compute([], effects, level="national", months=0, drop=0.25)[0].values
    assert (g["networks_measured"], g["networks_down"]) == (3, 2)


def test_kpi_counts_effect_measurements_of_the_case(world, as_user, session):
    case_id = work.list_interventions(as_user("ana"), case="Zandloper")[0]
    from offensief.cases.service import get_case
    row = get_case(session, "Zandloper")
    session.add(EffectMeasurement(case_id=row.id, observed_on=date(2021, 6, 30), months_after=8,
                                  later_datasets="x", measured_by="ana",
                                  body='{"capacity": {"before": 4, "observed": 2}}'))
    session.commit()
    g = kpi(as_user("cora"), level="national").groups[0]
    assert (g["networks_measured"], g["networks_down"]) == (1, 1)
    assert case_id


def test_providers_extend_the_kpis():
    def protection(level, keys):
        return {key: {"protection_cases": 3} for key in keys}
    g = compute([], [], level="national", providers=[protection])[0].values
    assert g["protection_cases"] == 3
