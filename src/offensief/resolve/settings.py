"""Splink 5 settings per kind of entity, with comparisons that fit Dutch partner data.

A :class:`Spec` lists candidate comparisons, blocking rules and training rules, each with
the columns it needs; :func:`settings_for` keeps only those whose columns hold data and
returns a plain, JSON-serialisable Splink settings dict (saved with every run).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator


@dataclass(frozen=True)
class Spec:
    """How one kind of entity is compared, blocked and trained."""

    kind: str
    comparisons: list[tuple[tuple[str, ...], ComparisonCreator]]
    blocking: list[tuple[str, ...]]
    training: list[tuple[str, ...]] = field(default_factory=list)
    deterministic: list[str] = field(default_factory=list)
    fuzzy: bool = True
    #: Identifiers whose exact match is decisive on its own (a KvK number names one company).
    identifiers: list[str] = field(default_factory=list)
    #: Extra SQL conditions of a blocking rule (keyed by its columns): the pairs it exists for.
    #: A list makes one rule per condition (OR-ed), each joined on its own keys.
    narrowing: dict[tuple[str, ...], str | list[str]] = field(default_factory=dict)


def _name(column: str, skeleton: str, *, initials: bool, alias: str | None = None) -> ComparisonCreator:
    levels: list[ComparisonLevelCreator | dict[str, Any]] = [
        cll.NullLevel(column),
        cll.ExactMatchLevel(column).configure(tf_adjustment_column=column, tf_adjustment_weight=1.0),
        cll.JaroWinklerLevel(column, 0.92),
        cll.ExactMatchLevel(skeleton).configure(label_for_charts=f"same {skeleton} (transliteration)"),
    ]
    if alias is not None:
        levels.append(cll.ExactMatchLevel(alias).configure(label_for_charts="short form of the same name"))
    if initials:
        levels.append(cll.CustomLevel(
            f"(length({column}_l) = 1 OR length({column}_r) = 1) "
            f"AND substr({column}_l, 1, 1) = substr({column}_r, 1, 1)",
            label_for_charts="initial matches",
        ))
    levels += [cll.JaroWinklerLevel(column, 0.8), cll.ElseLevel()]
    return cl.CustomComparison(comparison_levels=levels, output_column_name=column)


def _date(column: str) -> ComparisonCreator:
    swapped = (
        f"length({column}_l) = 10 AND length({column}_r) = 10 "
        f"AND substr({column}_l, 1, 4) = substr({column}_r, 1, 4) "
        f"AND substr({column}_l, 6, 2) = substr({column}_r, 9, 2) "
        f"AND substr({column}_l, 9, 2) = substr({column}_r, 6, 2)"
    )
    # an incomplete date (month and year, as the UBO register publishes it; or a year) that
    # is the start of the other date
    partial = (
        f"length({column}_l) <> length({column}_r) "
        f"AND (substr({column}_r, 1, length({column}_l)) = {column}_l "
        f"OR substr({column}_l, 1, length({column}_r)) = {column}_r)"
    )
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column),
            cll.CustomLevel(swapped, label_for_charts="day and month swapped"),
            cll.DamerauLevenshteinLevel(column, 1).configure(label_for_charts="one typo"),
            cll.CustomLevel(partial, label_for_charts="incomplete date agrees"),
            cll.CustomLevel(f"substr({column}_l, 1, 4) = substr({column}_r, 1, 4)",
                            label_for_charts="same year"),
            cll.ElseLevel(),
        ],
    )


def _location() -> ComparisonCreator:
    """One comparison for the whole address, so postcode, street and city are not counted
    three times over (they are strongly correlated)."""
    missing = ("(postcode_l IS NULL OR postcode_r IS NULL) "
               "AND (street_l IS NULL OR street_r IS NULL) AND (city_l IS NULL OR city_r IS NULL)")
    return cl.CustomComparison(
        output_column_name="address",
        comparison_levels=[
            cll.CustomLevel(missing, label_for_charts="address missing").configure(is_null_level=True),
            cll.And(cll.ExactMatchLevel("postcode"), cll.ExactMatchLevel("house_number"))
            .configure(label_for_charts="same postcode and house number"),
            cll.And(cll.ExactMatchLevel("street"), cll.ExactMatchLevel("house_number"),
                    cll.JaroWinklerLevel("city", 0.9))
            .configure(label_for_charts="same street, number and city"),
            # A billing or contact address written as "Industrieweg 179B": the street and
            # number agree and the other record's city is not there to disagree.
            cll.And(cll.ExactMatchLevel("street"), cll.ExactMatchLevel("house_number"),
                    cll.CustomLevel("city_l IS NULL OR city_r IS NULL"))
            .configure(label_for_charts="same street and number, no city"),
            cll.ExactMatchLevel("postcode").configure(label_for_charts="same postcode"),
            cll.And(cll.JaroWinklerLevel("street", 0.9), cll.ExactMatchLevel("city"))
            .configure(label_for_charts="same street and city"),
            cll.ExactMatchLevel("city").configure(label_for_charts="same city"),
            cll.ElseLevel(),
        ],
    )


def _identifier(column: str) -> ComparisonCreator:
    """An identifier (a number as written): missing, equal, one typo apart, else."""
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column),
            cll.DamerauLevenshteinLevel(column, 1).configure(label_for_charts="one typo"),
            cll.ElseLevel(),
        ],
    )


def dates_agree(column: str) -> str:
    """SQL over ``l.``/``r.``: the two dates in ``column`` do not contradict — one is missing
    or incomplete, or they are equal, day and month swapped, or one typo apart (the levels of
    :func:`_date` above "same year"; :func:`offensief.resolve.identity.dates_conflict` is the
    same test in Python)."""
    left, right = f"l.{column}", f"r.{column}"
    return (
        f"{left} IS NULL OR {right} IS NULL OR length({left}) <> 10 OR length({right}) <> 10 "
        f"OR (substr({left}, 1, 4) = substr({right}, 1, 4) "
        f"AND substr({left}, 6, 2) = substr({right}, 9, 2) "
        f"AND substr({left}, 9, 2) = substr({right}, 6, 2)) "
        f"OR damerau_levenshtein({left}, {right}) <= 1"
    )


def dated(column: str, also: str | None = None) -> list[str]:
    """Conditions of the rules that pair only records whose dates in ``column`` agree
    (:func:`dates_agree`), each a join on its own key so the database never lists the pairs
    it would drop: the same year (equal, swapped, a typo in day or month), the same month and
    day (a typo in the year), and a record whose date is missing or incomplete, on either side
    (the side's own filter, applied before the join). ``also``: a further condition."""
    agree = dates_agree(column)
    missing = "{side}.{column} IS NULL OR length({side}.{column}) <> 10"
    out = [
        f"substr(l.{column}, 1, 4) = substr(r.{column}, 1, 4) AND ({agree})",
        f"substr(l.{column}, 6, 5) = substr(r.{column}, 6, 5) AND ({agree})",
        missing.format(side="l", column=column),
        missing.format(side="r", column=column),
    ]
    return [f"({c}) AND ({also})" if also else c for c in out]


def _exact(column: str) -> ComparisonCreator:
    return cl.ExactMatch(column)


def person_spec() -> Spec:
    """People: names with particles, initials and transliterations; dates; addresses."""
    return Spec(
        kind="person",
        comparisons=[
            (("first_name", "first_skeleton", "first_alias"),
             _name("first_name", "first_skeleton", initials=True, alias="first_alias")),
            (("surname_core", "surname_skeleton"),
             _name("surname_core", "surname_skeleton", initials=False)),
            (("birth_date",), _date("birth_date")),
            (("postcode", "house_number", "street", "city"), _location()),
            (("id_number",), _identifier("id_number")),
            (("phone",), _exact("phone")),
            (("email",), _exact("email")),
        ],
        # Tight rules, OR-ed: each catches what the others miss (a typo in the name, a
        # swapped date, an initial), while blocks stay small at millions of records.
        blocking=[
            ("birth_date", "first_skeleton"), ("birth_date", "surname_skeleton"),
            ("first_name", "surname_core"), ("postcode", "house_number"),
            ("id_number",), ("phone",), ("email",),
            # initials and short forms without a birth date: "M.H. Smeets", "Kees" / "Cornelis"
            ("first_initial", "surname_core"), ("first_alias", "surname_skeleton"),
            # a move within the postcode, or a wrong birth date, beside the same surname
            ("surname_core", "postcode"),
        ],
        # The name rules pair only records whose birth dates do not contradict (or that lack
        # one): a name is shared by many people, the birth date tells them apart. A pair with
        # contradicting dates cannot reach the threshold on a name alone; with a shared
        # address, phone, e-mail or id number another rule pairs it. At a million records
        # this cuts most of the pairs the name rules made (docs/resolve.md, "Scale").
        # An initial is what the initial rule is for: two written-out given names that merely
        # start alike ("Jan" / "Joost Jansen") are the other rules' business.
        narrowing={
            ("first_name", "surname_core"): dated("birth_date"),
            ("first_initial", "surname_core"): dated(
                "birth_date", "length(l.first_name) = 1 OR length(r.first_name) = 1"),
            ("first_alias", "surname_skeleton"): dated("birth_date"),
        },
        training=[("birth_date",), ("first_name", "surname_core")],
        deterministic=[
            "l.id_number = r.id_number",
            ("l.first_name = r.first_name AND l.surname_core = r.surname_core "
             "AND l.birth_date = r.birth_date"),
        ],
    )


def organisation_spec() -> Spec:
    """Companies and organisations: KvK number exact, name without legal form, address."""
    return Spec(
        kind="organisation",
        comparisons=[
            (("registration_number",), _exact("registration_number")),
            (("tax_number",), _exact("tax_number")),
            (("name", "name_skeleton"), _name("name", "name_skeleton", initials=False)),
            (("incorporation_date",), _date("incorporation_date")),
            (("postcode", "house_number", "street", "city"), _location()),
            (("phone",), _exact("phone")),
            (("email",), _exact("email")),
        ],
        blocking=[("registration_number",), ("tax_number",), ("name",), ("name_skeleton",),
                  ("postcode", "house_number"), ("phone",)],
        training=[("name",), ("postcode", "house_number"), ("registration_number",)],
        deterministic=["l.registration_number = r.registration_number", "l.name = r.name"],
        identifiers=["registration_number"],
    )


def key_spec(kind: str) -> Spec:
    """Accounts (IBAN), vehicles (plate) and addresses (postcode + number): exact keys."""
    return Spec(kind=kind, comparisons=[(("key",), _exact("key"))], blocking=[("key",)],
                fuzzy=False)


def spec_for(kind: str) -> Spec:
    """The comparison spec of ``kind``."""
    if kind == "person":
        return person_spec()
    if kind == "organisation":
        return organisation_spec()
    return key_spec(kind)


def usable_columns(records: pd.DataFrame, *, minimum: float = 0.01) -> set[str]:
    """Columns filled in at least ``minimum`` of the records (and at least two records)."""
    if records.empty:
        return set()
    filled = records.notna().sum()
    return {c for c, n in filled.items() if n >= 2 and n >= minimum * len(records)}


def settings_for(spec: Spec, records: pd.DataFrame, *, dialect: str = "duckdb") -> dict[str, Any]:
    """A Splink settings dict for ``records``, using only comparisons with data, with SQL in
    ``dialect`` (the engine's: DuckDB, or ``spark`` for Splink's Spark backend)."""
    usable = usable_columns(records)
    comparisons: list[ComparisonCreator | dict[str, Any]] = [
        c for cols, c in spec.comparisons if set(cols) <= usable]
    blocking: list[BlockingRuleCreator | dict[str, Any]] = [
        rule for cols in spec.blocking if set(cols) <= usable
        for rule in _blocking_rules(cols, spec.narrowing.get(cols))]
    creator = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking,
        additional_columns_to_retain=["dataset"],
        retain_intermediate_calculation_columns=False,
        max_iterations=20,
    )
    return creator.create_settings_dict(dialect)


def _blocking_rules(columns: tuple[str, ...],
                    narrowing: str | list[str] | None) -> list[BlockingRuleCreator]:
    """Equal values on ``columns``, and each ``narrowing`` condition when given."""
    if narrowing is None:
        return [block_on(*columns)]
    equal = " AND ".join(f'l."{c}" = r."{c}"' for c in columns)
    conditions = [narrowing] if isinstance(narrowing, str) else narrowing
    return [CustomRule(f"{equal} AND ({c})", sql_dialect="duckdb") for c in conditions]


def training_rules(spec: Spec, records: pd.DataFrame) -> list[tuple[str, ...]]:
    """The EM training blocking rules whose columns hold data."""
    usable = usable_columns(records)
    return [cols for cols in spec.training if set(cols) <= usable]


def deterministic_rules(spec: Spec, records: pd.DataFrame) -> list[str]:
    """Rules for estimating the prior match probability whose columns hold data."""
    usable = usable_columns(records)
    out = []
    for rule in spec.deterministic:
        cols = {part.split(".")[1].split(" ")[0] for part in rule.split() if part.startswith("l.")}
        if cols <= usable:
            out.append(rule)
    return out
