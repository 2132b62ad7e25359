"""Who calls whom and who is seen together.

Criminal business runs over prepaid numbers; private life over the subscription phone. The
leader keeps distance (Morselli 2009, "efficiency versus security"): he calls only his
lieutenants and the financial facilitator and is seldom observed with anyone else; the
lieutenants carry the traffic to workers and to the facilitators of several groups.
"""

from __future__ import annotations

from .activity import Ledger
from .names import new_address


def _biz(w, t: str) -> str:
    h = w.humans[t]
    return h.extra_phones[0] if h.extra_phones else h.phone


def calls(led: Ledger) -> None:
    w, rng = led.w, led.rng
    adults = w.adults()
    by_city: dict[str, list[str]] = {}
    for t in adults:
        by_city.setdefault(w.humans[t].city, []).append(t)
    for hh in w.households:  # family and friends, over the private phone
        grown = [t for t in hh if t in adults]
        for t in grown:
            friends = rng.sample(by_city[w.humans[t].city], k=min(4, len(by_city[w.humans[t].city])))
            for other in [*grown, *friends]:
                if other == t:
                    continue
                for _ in range(rng.randint(1, 4)):
                    led.call(w.humans[t].phone, w.humans[other].phone)
    for t, emp in w.employer.items():  # colleagues
        boss = w.firms[emp].directors[0] if w.firms[emp].directors else None
        if boss and rng.random() < 0.5:
            for _ in range(rng.randint(1, 4)):
                led.call(w.humans[boss].phone, w.humans[t].phone)
    for g in w.groups:
        kp = g.kingpin
        for lt in g.lieutenants:
            for _ in range(rng.randint(14, 26)):
                led.call(_biz(w, kp), _biz(w, lt), secs=(15, 120))
        for i, wk in enumerate(g.workers):
            boss = g.lieutenants[i % len(g.lieutenants)]
            for _ in range(rng.randint(30, 70)):
                a, b = (_biz(w, boss), _biz(w, wk))
                led.call(*((a, b) if rng.random() < 0.6 else (b, a)), secs=(10, 180))
            for mate in rng.sample(g.workers, k=min(3, len(g.workers))):
                if mate != wk:
                    for _ in range(rng.randint(3, 12)):
                        led.call(_biz(w, wk), _biz(w, mate), secs=(10, 240))
        for a in g.lieutenants:
            for b in g.lieutenants:
                if a < b:
                    for _ in range(rng.randint(10, 30)):
                        led.call(_biz(w, a), _biz(w, b))
        for m in g.mules:
            rec = next(t for t, (_, s) in w.facilitators.items()
                       if w.humans[t].role.endswith(":recruiter") and g.idx in s)
            for _ in range(rng.randint(3, 8)):
                led.call(w.humans[rec].phone if rng.random() < 0.3 else _biz(w, rec),
                         w.humans[m].phone, secs=(20, 300))
    for fac, (kind, served) in w.facilitators.items():
        for gi in served:
            g = w.groups[gi]
            contacts = list(g.lieutenants)
            if kind == "financial" and not w.humans[fac].role.endswith(":recruiter"):
                contacts.append(g.kingpin)
            for c in contacts:
                for _ in range(rng.randint(4, 14)):
                    led.call(_biz(w, c), _biz(w, fac), secs=(20, 400))
        customers = rng.sample(adults, k=25)  # ordinary customers of the same facilitator
        for c in customers:
            for _ in range(rng.randint(1, 3)):
                led.call(w.humans[c].phone, w.humans[fac].phone)
    for role, ids in w.lookalikes.items():  # look-alike professionals: many ordinary contacts
        for owner in ids:
            person = owner if owner in w.humans else (w.firms[owner].directors or [None])[0]
            if person is None:
                continue
            for c in rng.sample(adults, k=40 if role == "accountant" else 20):
                for _ in range(rng.randint(1, 4)):
                    led.call(w.humans[c].phone, w.humans[person].phone)


def meetings(led: Ledger) -> None:
    """Police observations (surveillance teams log who met whom, where and when)."""
    w, rng, act = led.w, led.rng, led.act

    def seen(people: list[str], place: str | None = None) -> None:
        act.meetings.append((led.day(), place or new_address(rng)[0], people))

    for g in w.groups:
        for _ in range(rng.randint(3, 5)):
            seen([g.kingpin, *rng.sample(g.lieutenants, k=rng.randint(1, len(g.lieutenants)))])
        for _ in range(rng.randint(10, 16)):
            seen([rng.choice(g.lieutenants), *rng.sample(g.workers, k=rng.randint(1, 4))],
                 w.firms[g.firms[0]].address)
    for fac, (kind, served) in w.facilitators.items():
        for gi in served:
            g = w.groups[gi]
            for _ in range(rng.randint(1, 3)):
                seen([fac, rng.choice(g.lieutenants)])
            if kind == "financial":
                seen([fac, g.kingpin])
    adults = w.adults()
    for _ in range(len(w.groups) * 8):  # traffic stops and the like: ordinary people together
        seen(rng.sample(adults, k=rng.randint(2, 3)))
    for hh in w.households:  # the kingpin's family at home is no meeting; families are seen too
        if len(hh) > 2 and rng.random() < 0.05:
            seen(hh[:3], w.humans[hh[0]].address)
    act.meetings.sort(key=lambda m: m[0])
