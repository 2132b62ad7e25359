"""Police and telecom deliveries.

The police registers persons per incident, so one person can have two registrations with
different spellings (BVH/BlueView practice); numbers found on suspects are noted on the
person ("in gebruik bij"). Observations are logged as events with the persons seen. The
telecom provider delivers historical call records (art. 126n Sv) as a CSV: A- and B-number,
start, duration and — for subscriptions only — the subscriber; prepaid numbers are anonymous.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .activity import Activity
from .names import date_variant, initials, written_phone
from .population import World
from .registers import police_name
from .sink import Sink, short

CALLS_MAPPING = """\
country: nl
calls:
  queries:
    - csv_url: telecom_verkeersgegevens.csv
      entities:
        call:
          schema: Call
          id_column: gesprek_id
          properties:
            callerNumber: {column: a_nummer}
            receiverNumber: {column: b_nummer}
            date: {column: starttijd}
            duration: {column: duur_sec}
            caller: {entity: caller}
            receiver: {entity: receiver}
        caller:
          schema: Person
          id_column: a_abonnee
        receiver:
          schema: Person
          id_column: b_abonnee
"""


def police(w: World, sink: Sink, act: Activity) -> None:
    rng = w.rng
    file = "politie_bvh.jsonl"
    seen = {t for _, _, people in act.meetings for t in people}
    known = {t for t, h in w.humans.items() if h.group is not None} | set(w.facilitators) | {
        m for g in w.groups for m in g.mules} | seen
    known |= {t for t in w.humans if rng.random() < 0.06}
    regs: dict[str, list[str]] = {}
    for t in sorted(known):
        h = w.humans[t]
        crim = h.group is not None or t in w.facilitators
        n = 2 if crim and rng.random() < 0.3 else 1
        for k in range(n):
            rid = f"pol-{short('pol', t, k)}"
            phones = []
            if rng.random() < (0.75 if crim else 0.35):
                phones.append(written_phone(rng, h.phone))
            if h.extra_phones and rng.random() < 0.85:
                phones.append(written_phone(rng, h.extra_phones[0]))
            sink.emit(file, rid, "Person", name=police_name(rng, h),
                      birthDate=date_variant(rng, h.dob, p_missing=0.1 if k == 0 else 0.4,
                                             p_noise=0.08),
                      idNumber=h.bsn if rng.random() < 0.5 else "", phone=phones,
                      address=h.address if rng.random() < 0.6 else "",
                      nationality="nl" if rng.random() < 0.5 else "")
            sink.record("politie", rid, t)
            regs.setdefault(t, []).append(rid)
    for i, (day, place, people) in enumerate(act.meetings):
        sink.emit(file, f"pol-obs-{i:05d}", "Event", name="Observatie", date=day.isoformat(),
                  location=place, involved=[rng.choice(regs[t]) for t in people])


def telecom(w: World, sink: Sink, act: Activity, folder: Path) -> None:
    rng = w.rng
    file = "telecom_abonnees.jsonl"
    subscriber: dict[str, str] = {}
    for t in w.adults():
        h = w.humans[t]
        if rng.random() < 0.85:
            rid = f"tel-ab-{short('tel', t)}"
            sink.emit(file, rid, "Person", name=initials(h) if rng.random() < 0.5 else
                      f"{h.call} {h.particle + ' ' if h.particle else ''}{h.surname}",
                      phone=h.phone, address=h.address)
            sink.record("telecom", rid, t)
            subscriber[h.phone] = rid
    with (folder / "telecom_verkeersgegevens.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["gesprek_id", "starttijd", "a_nummer", "b_nummer", "duur_sec",
                      "a_abonnee", "b_abonnee"])
        for i, (ts, a, b, secs) in enumerate(sorted(act.calls)):
            out.writerow([f"cdr-{i:07d}", ts, a, b, secs, subscriber.get(a, ""),
                          subscriber.get(b, "")])
    (folder / "telecom_verkeersgegevens.yml").write_text(CALLS_MAPPING, encoding="utf-8")
