"""The default permission rules, as data: roles, actions, partner kinds and regimes.

The policy (:mod:`offensief.access.policy`) only interprets these tables; change access by
changing the tables, and ``docs/access.md`` documents the same matrix.
"""

from __future__ import annotations

from offensief.model.dataset import REGIMES

#: Roles an actor can hold.
ROLES: tuple[str, ...] = (
    "admin", "analyst", "investigator", "liaison", "protection_officer",
    "prevention_officer", "controller", "auditor",
)

#: Partner kinds the policy reasons about (a partner ``gemeente-rotterdam`` has kind ``gemeente``).
PARTNER_KINDS: tuple[str, ...] = (
    "politie", "om", "fiod", "belastingdienst", "douane", "kmar", "gemeente", "fiu",
    "riec", "ministerie", "other",
)

#: Actions on personal data: need an open case the actor is a member of, with the dataset attached.
DATA_ACTIONS: tuple[str, ...] = ("read", "read_pseudonymised", "reveal", "export", "search")

#: Actions inside a case that do not read a dataset.
CASE_ACTIONS: tuple[str, ...] = ("judge", "case_manage", "hit")

#: Actions outside any case.
GLOBAL_ACTIONS: tuple[str, ...] = (
    "admin", "audit_read", "subject_export", "protect_read", "protect_write", "prevent_read", "prevent_write",
    "programme_read", "programme_write",
)

#: Writes to a partner's dataset: loading (the supplying partner only, see
#: :mod:`offensief.access.ownership`) and asking the supplier for a correction.
DATASET_ACTIONS: tuple[str, ...] = ("load", "request_correction")

ACTIONS: tuple[str, ...] = DATA_ACTIONS + CASE_ACTIONS + GLOBAL_ACTIONS + DATASET_ACTIONS

_CASEWORK = frozenset(
    {"read", "read_pseudonymised", "reveal", "export", "search", "hit", "judge", "case_manage"}
)

#: What each role may do at all (the regime rules below narrow data actions further).
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({"admin", "case_manage"}),
    "analyst": _CASEWORK | frozenset(DATASET_ACTIONS),
    "investigator": _CASEWORK | frozenset(DATASET_ACTIONS),
    "liaison": frozenset({"read", "read_pseudonymised", "search", "hit"}),
    "protection_officer": frozenset(
        {"read_pseudonymised", "hit", "protect_read", "protect_write"}
    ),
    "prevention_officer": frozenset({"prevent_read", "prevent_write"}),
    "controller": frozenset({"programme_read", "programme_write"}),
    "auditor": frozenset({"audit_read", "subject_export"}),
}

#: The special entry meaning "every partner with a member in the case" (the covenant).
CASE_PARTNERS = "*case-partners*"

#: Which partner kinds see a regime's values in clear inside a case.
REGIME_CLEAR: dict[str, frozenset[str]] = {
    "wpg-8": frozenset({"politie", "kmar", "om"}),
    "wpg-9": frozenset({"politie", "kmar", "om"}),
    "wpg-10": frozenset({"politie", "kmar", "om"}),
    "wpg-20": frozenset({CASE_PARTNERS}),
    "avg": frozenset({"gemeente", CASE_PARTNERS}),
    "awr": frozenset({"belastingdienst", "fiod"}),
    "wwft": frozenset({"fiu", "politie", "fiod"}),
    "open": frozenset({CASE_PARTNERS}),
}

#: Which partner kinds may reveal a token of a regime they otherwise see pseudonymised,
#: with a recorded reason (tax data is only opened by releasing the dataset to the case).
REGIME_REVEAL: dict[str, frozenset[str]] = {
    "wpg-8": frozenset({"fiod", "douane"}),
    "wpg-9": frozenset({"fiod", "douane"}),
    "wpg-10": frozenset({"fiod", "douane"}),
    "wpg-20": frozenset(),
    "avg": frozenset(),
    "awr": frozenset(),
    "wwft": frozenset({"om", "kmar", "douane"}),
    "open": frozenset(),
}

#: Case levels and statuses.
LEVELS: tuple[str, ...] = ("local", "regional", "national", "kingdom", "international")
STATUSES: tuple[str, ...] = ("open", "closed", "archived")

assert set(REGIME_CLEAR) == set(REGIMES) == set(REGIME_REVEAL), "every regime needs a rule"
assert set(ROLE_ACTIONS) == set(ROLES)
