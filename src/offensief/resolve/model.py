"""Train a Splink model without labels (EM) and score candidate pairs.

Splink runs in its own in-memory DuckDB connection so its working tables never reach the
workspace store, or with ``spark=`` a Spark session on Splink's Spark backend (its similarity
UDF jar ships inside the Splink wheel). A :class:`Model` is plain data: the full Splink
settings dict with the trained m/u parameters, saved with every run so a result can be
reproduced and explained.

The saved settings' SQL is DuckDB's, whichever engine trained the model: a Spark linker gets
the same comparisons and rules as Splink writes them for Spark (from the same spec), and the
parameters it learns are copied back into the DuckDB form level by level (:func:`_learnt_into`).
"""

from __future__ import annotations

import copy
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd
from splink import DuckDBAPI, Linker, block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.exceptions import SplinkException

from offensief.model.errors import OffensiefError
from offensief.resolve.settings import (
    Spec,
    deterministic_rules,
    settings_for,
    spec_for,
    training_rules,
    usable_columns,
)

#: Columns of a scored pair.
EDGE_COLUMNS = ["left_id", "right_id", "match_probability", "match_weight"]


class ResolutionError(OffensiefError):
    """Splink failed at a named step of the resolution pipeline."""


@dataclass
class Model:
    """A Splink model for one kind of entity: settings plus trained parameters."""

    kind: str
    settings: dict[str, Any]
    fuzzy: bool
    training: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "settings": self.settings, "fuzzy": self.fuzzy,
                "training": self.training, "identifiers": self.identifiers}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        return cls(data["kind"], data["settings"], data["fuzzy"], list(data.get("training", [])),
                   list(data.get("identifiers", [])))


def _linker(records: pd.DataFrame, settings: dict[str, Any], *, threads: int, spark: Any = None) -> Linker:
    """A linker over ``records``; ``settings`` in the engine's SQL (:func:`_for_engine`)."""
    if spark is not None:
        # PySpark is an optional dependency (the ``spark`` extra): import Splink's backend on use
        from splink.backends.spark import SparkAPI

        spark_api = SparkAPI(spark_session=spark)
        # Spark's catalogue is the session's: a name per linker, so a second kind (or a
        # linker rebuilt after a failed EM step) does not meet the first one's table
        table = spark_api.register(records, table_name=f"records_{uuid.uuid4().hex[:12]}")
        return Linker(table, settings, log_level=logging.ERROR)
    con = duckdb.connect(":memory:")
    con.execute(f"SET threads = {int(threads)}")
    api = DuckDBAPI(connection=con)
    table = api.register(records, table_name="records")
    return Linker(table, settings, log_level=logging.ERROR)


def _for_engine(settings: dict[str, Any], kind: str, records: pd.DataFrame, spark: Any) -> dict[str, Any]:
    """Saved ``settings`` (DuckDB SQL) for the engine: on Spark the kind's comparisons as
    Splink writes them in Spark SQL, with the parameters of ``settings``. (Splink reads a
    settings dict in the engine's dialect; DuckDB's ``"x_l" = "x_r"`` would be two string
    constants in Spark SQL, and sqlglot names the similarity functions differently.)"""
    if spark is None:
        return settings
    return _learnt_into(settings_for(spec_for(kind), records, dialect="spark"), settings)


#: What training changes in a settings dict: the prior and each level's m and u.
LEARNT = ("m_probability", "u_probability")


def _learnt_into(settings: dict[str, Any], trained: dict[str, Any]) -> dict[str, Any]:
    """``settings`` with the parameters of ``trained``: the same comparisons and levels, in
    order, but SQL in another dialect (a model trained on Spark, kept in DuckDB's SQL)."""
    out = copy.deepcopy(settings)
    out["probability_two_random_records_match"] = trained["probability_two_random_records_match"]
    for mine, theirs in zip(out["comparisons"], trained["comparisons"], strict=True):
        if mine["output_column_name"] != theirs["output_column_name"]:
            raise ResolutionError(f"trained comparison {theirs['output_column_name']!r} is not "
                                  f"{mine['output_column_name']!r}")
        for level, learnt in zip(mine["comparison_levels"], theirs["comparison_levels"], strict=True):
            for key in LEARNT:
                if key in learnt:
                    level[key] = learnt[key]
                else:
                    level.pop(key, None)
    return out


def train(spec: Spec, records: pd.DataFrame, *, seed: int = 42, max_pairs: float = 2e6,
          threads: int = 1, spark: Any = None) -> Model:
    """Fit the model of ``spec`` to ``records`` with EM (no labels).

    The prior is estimated from deterministic rules, u-probabilities from random pairs and
    m-probabilities by EM on each training blocking rule. Steps that cannot run (too few
    records, no pairs) are recorded in ``Model.training`` and the defaults kept.
    """
    settings = settings_for(spec, records)
    usable = usable_columns(records)
    model = Model(spec.kind, settings, spec.fuzzy,
                  identifiers=[c for c in spec.identifiers if c in usable])
    if not spec.fuzzy or len(records) < 3 or not settings["comparisons"]:
        model.training.append("not trained: exact-key model or too few records")
        return model
    engine = settings if spark is None else settings_for(spec, records, dialect="spark")
    linker = _linker(records, engine, threads=threads, spark=spark)
    rules: list[str | BlockingRuleCreator] = list(deterministic_rules(spec, records))
    try:
        if rules:
            linker.training.estimate_probability_two_random_records_match(rules, recall=0.8)
            model.training.append(f"prior from {len(rules)} deterministic rules")
        linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
        model.training.append(f"u from random sampling ({int(max_pairs)} pairs)")
    except SplinkException as exc:
        raise ResolutionError(f"resolve {spec.kind}: estimating u failed: {exc}") from exc
    snapshot = linker.misc.save_model_to_json()
    for cols in training_rules(spec, records):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*cols), estimate_without_term_frequencies=True, max_pairs=max_pairs
            )
            snapshot = linker.misc.save_model_to_json()
            model.training.append(f"EM blocked on {'+'.join(cols)}")
        except (SplinkException, ValueError) as exc:  # EM can degenerate on very clean data
            # a failed session leaves the linker half-updated: go back to the last good model
            linker = _linker(records, snapshot, threads=threads, spark=spark)
            model.training.append(f"EM blocked on {'+'.join(cols)} skipped: {str(exc)[:120]}")
    trained = linker.misc.save_model_to_json()
    model.settings = _clamped(trained if spark is None else _learnt_into(settings, trained), model.training)
    return model


#: Lowest m / u probability kept after EM: no level is treated as (almost) impossible among
#: true matches, so one disagreeing field (a move, a typo) can never veto a match on its own.
M_FLOOR, U_FLOOR = 1e-3, 1e-12


#: Bounds of the prior: on a handful of records the deterministic-rule estimate can reach or
#: pass 1, which makes every match weight undefined.
PRIOR_BOUNDS = (1e-9, 0.5)


def _clamped(settings: dict[str, Any], log: list[str]) -> dict[str, Any]:
    """Raise m/u probabilities EM drove to (near) zero to the floors, logging each change.

    The prior is kept inside :data:`PRIOR_BOUNDS` for the same reason.
    """
    prior = settings.get("probability_two_random_records_match")
    low, high = PRIOR_BOUNDS
    if prior is not None and not low <= prior <= high:
        settings["probability_two_random_records_match"] = min(max(prior, low), high)
        log.append(f"prior {prior:.3g} outside [{low}, {high}]: clamped")
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            for key, floor in (("m_probability", M_FLOOR), ("u_probability", U_FLOOR)):
                value = level.get(key)
                if value is not None and value < floor:
                    level[key] = floor
                    log.append(f"{comparison['output_column_name']}: {key} of "
                               f"'{level.get('label_for_charts')}' raised from {value:.3g} to {floor}")
    return settings


def predict(model: Model, records: pd.DataFrame, *, threshold: float = 0.5,
            threads: int = 1, spark: Any = None) -> pd.DataFrame:
    """Scored candidate pairs within ``records`` at or above ``threshold``."""
    if len(records) < 2 or not model.settings["comparisons"]:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    linker = _linker(records, _for_engine(model.settings, model.kind, records, spark), threads=threads,
                     spark=spark)
    try:
        if model.fuzzy:
            frame = linker.inference.predict(
                threshold_match_probability=threshold, warning_mode="never"
            ).as_pandas_dataframe()  # type: ignore[no-untyped-call]
        else:
            links = linker.inference.deterministic_link()
            frame = links.as_pandas_dataframe()  # type: ignore[no-untyped-call]
            frame["match_probability"] = 1.0
            frame["match_weight"] = None
    except SplinkException as exc:
        raise ResolutionError(f"resolve {model.kind}: scoring pairs failed: {exc}") from exc
    return _with_identifiers(_edges(frame), model, records, records)


def predict_between(model: Model, existing: pd.DataFrame, new: pd.DataFrame, *,
                    threshold: float = 0.5, threads: int = 1) -> pd.DataFrame:
    """Scored pairs between ``new`` and ``existing`` records and within ``new``."""
    if new.empty or not model.settings["comparisons"]:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    both = pd.concat([existing, new], ignore_index=True)
    cut = threshold if model.fuzzy else None
    linker = _linker(both, model.settings, threads=threads)
    api = linker._db_api
    try:
        for column in tf_columns(model.settings):
            linker.table_management.compute_tf_table(column)
        left = api.register(new, table_name="new_records")
        right = api.register(existing, table_name="old_records")
        parts = [linker.inference.predict_within(
            left, threshold_match_probability=cut, warning_mode="never")]
        if not existing.empty:
            parts.append(linker.inference.predict_between(
                left, right, threshold_match_probability=cut, warning_mode="never"))
        frames = [p.as_pandas_dataframe() for p in parts]  # type: ignore[no-untyped-call]
    except SplinkException as exc:
        raise ResolutionError(f"resolve {model.kind}: scoring new records failed: {exc}") from exc
    frame = pd.concat([f for f in frames if not f.empty] or [frames[0]], ignore_index=True)
    if not model.fuzzy:
        frame["match_probability"] = 1.0
        frame["match_weight"] = None
    return _with_identifiers(_edges(frame), model, new, both)


def tf_columns(settings: dict[str, Any]) -> list[str]:
    """Columns whose comparisons use term-frequency adjustment."""
    return sorted({
        level["tf_adjustment_column"]
        for comparison in settings["comparisons"]
        for level in comparison["comparison_levels"]
        if level.get("tf_adjustment_column")
    })


def _with_identifiers(edges: pd.DataFrame, model: Model, left: pd.DataFrame,
                      right: pd.DataFrame) -> pd.DataFrame:
    """Add pairs that share a decisive identifier (probability 1), whatever the model says."""
    found = []
    for column in model.identifiers:
        a = left[["unique_id", column]].dropna()
        b = right[["unique_id", column]].dropna()
        pairs = a.merge(b, on=column, suffixes=("_l", "_r"))
        pairs = pairs[pairs["unique_id_l"] != pairs["unique_id_r"]]
        if not pairs.empty:
            found.append(pd.DataFrame({"unique_id_l": pairs["unique_id_l"],
                                       "unique_id_r": pairs["unique_id_r"],
                                       "match_probability": 1.0, "match_weight": None}))
    if not found:
        return edges
    exact = _edges(pd.concat(found, ignore_index=True))
    merged = pd.DataFrame(exact.to_dict("records") + edges.to_dict("records"), columns=EDGE_COLUMNS)
    return merged.drop_duplicates(["left_id", "right_id"], keep="first").reset_index(drop=True)


def _edges(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    left, right = frame["unique_id_l"].astype(str), frame["unique_id_r"].astype(str)
    swap = left > right
    out = pd.DataFrame({
        "left_id": left.where(~swap, right),
        "right_id": right.where(~swap, left),
        "match_probability": frame["match_probability"].astype(float),
        "match_weight": frame["match_weight"],
    })
    return out.drop_duplicates(["left_id", "right_id"]).reset_index(drop=True)


def scorer(model: Model, records: pd.DataFrame, *, threads: int = 1) -> Linker:
    """A linker holding ``model`` over ``records``, for explaining single pairs."""
    return _linker(records, model.settings, threads=threads)
