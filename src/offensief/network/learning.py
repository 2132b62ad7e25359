"""Roles that learn from what the case team knows: a per-case model on the explained features.

Analysts mark persons they know — ``kingpin``, ``lieutenant``, a facilitator of a type, ``not
involved`` (any role name of :data:`offensief.network.roles.RULES` is accepted, plus
``not_involved``) — in a CSV (``id,label``) or JSON (``{id: label}``) file. For every role with at
least :data:`MIN_EXAMPLES` labelled persons on each side, a logistic regression (scikit-learn;
features log-scaled and standardised, classes balanced) is fitted one-vs-rest on the same
features the rule scores use, and its probabilities are calibrated (Platt scaling, by
cross-validation). The decision threshold is learned too: the one that maximises F1 on the
cross-validated predictions (rare roles are rarely above a probability of 0.5). Each person is explained by the feature contributions to the log-odds
(coefficient × standardised value). Quality is measured by cross-validated predictions on the
labelled persons (AUC, F1 at probability 0.5), so the case team sees how far to trust it.

A role with too few labels keeps its rule score as the prior (``"model": "prior"``): the
published and demo-world validation of the rules stands in until the team has labelled enough.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> f = {"degree": rng.random(60), "betweenness": rng.random(60)}
>>> labels = {i: "kingpin" if f["degree"][i] > 0.8 else "not_involved" for i in range(0, 60, 2)}
>>> learned = learn_roles(f, labels)
>>> learned.models["kingpin"].auc > 0.8
True
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from offensief.model.errors import InputError

#: The label for persons the team knows are not involved.
NOT_INVOLVED = "not_involved"
#: A role is learned when at least this many labelled persons have it, and this many do not
#: (fewer cannot be cross-validated: each fold needs examples of both).
MIN_EXAMPLES = 3
#: Folds of the cross-validation (fewer when there are fewer examples).
FOLDS = 5


@dataclass
class RoleModel:
    """One role's fitted model, its cross-validated quality and the features it used."""

    role: str
    features: list[str]
    positives: int
    negatives: int
    auc: float
    f1: float
    threshold: float
    coefficients: dict[str, float]
    probabilities: np.ndarray  # calibrated
    scores: np.ndarray  # the balanced model's probability, compared with ``threshold``
    contributions: np.ndarray  # persons × features, log-odds

    def predicted(self) -> np.ndarray:
        """Who the model puts in the role (its score at or above the learned threshold)."""
        return self.scores >= self.threshold

    def explain(self, i: int, top: int = 5) -> list[dict[str, Any]]:
        """The largest feature contributions to person ``i``'s log-odds."""
        order = np.argsort(-np.abs(self.contributions[i]))[:top]
        return [{"name": self.features[k], "weight": round(self.coefficients[self.features[k]], 4),
                 "contribution": round(float(self.contributions[i, k]), 4)} for k in order]


@dataclass
class LearnedRoles:
    """Models per role that had enough labels, and the roles left to their priors."""

    models: dict[str, RoleModel] = field(default_factory=dict)
    priors: list[str] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)

    def validation(self) -> dict[str, dict[str, float | int]]:
        """Per learned role: labelled positives / negatives, cross-validated AUC and F1."""
        return {r: {"positives": m.positives, "negatives": m.negatives, "auc": round(m.auc, 4),
                    "f1": round(m.f1, 4), "threshold": round(m.threshold, 4)} for r, m in self.models.items()}


def _matrix(features: Mapping[str, np.ndarray]) -> tuple[list[str], np.ndarray]:
    names = sorted(k for k, v in features.items() if np.ndim(v) == 1 and np.any(np.asarray(v) != 0))
    return names, np.column_stack([np.asarray(features[k], dtype=float) for k in names])


def _signed_log(x: np.ndarray) -> np.ndarray:
    return np.sign(x) * np.log1p(np.abs(x))


def learn_roles(features: Mapping[str, np.ndarray], labels: Mapping[int, str], *, seed: int = 0) -> LearnedRoles:
    """Fit one calibrated logistic regression per role with enough labels (node index → label)."""
    names, x = _matrix(features)
    out = LearnedRoles(labels=dict(labels))
    known = np.array(sorted(labels), dtype=np.int64)
    roles = sorted({v for v in labels.values() if v != NOT_INVOLVED})
    for role in roles:
        y = np.array([labels[int(i)] == role for i in known], dtype=int)
        pos, neg = int(y.sum()), int(len(y) - y.sum())
        if pos < MIN_EXAMPLES or neg < MIN_EXAMPLES or not names:
            out.priors.append(role)
            continue
        folds = StratifiedKFold(n_splits=min(FOLDS, pos, neg), shuffle=True, random_state=seed)
        base = make_pipeline(FunctionTransformer(_signed_log), StandardScaler(),
                             LogisticRegression(class_weight="balanced", max_iter=2000))
        held_out = cross_val_predict(base, x[known], y, cv=folds, method="predict_proba")[:, 1]
        calibrated = CalibratedClassifierCV(base, method="sigmoid", cv=folds).fit(x[known], y)
        base.fit(x[known], y)
        scaled = base[:-1].transform(x)
        coef = base[-1].coef_[0]
        threshold, best = _best_threshold(y, held_out)
        out.models[role] = RoleModel(
            role=role, features=names, positives=pos, negatives=neg,
            auc=float(roc_auc_score(y, held_out)), f1=best, threshold=threshold,
            coefficients=dict(zip(names, map(float, coef), strict=True)),
            probabilities=calibrated.predict_proba(x)[:, 1], scores=base.predict_proba(x)[:, 1],
            contributions=scaled * coef)
    return out


def _best_threshold(y: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    """The score threshold with the best F1 on cross-validated predictions, and that F1."""
    best = (0.5, float(f1_score(y, scores >= 0.5)))
    for t in np.unique(scores):
        f1 = float(f1_score(y, scores >= t))
        if f1 > best[1]:
            best = (float(t), f1)
    return best


def read_labels(path: str | Path) -> dict[str, str]:
    """Analysts' labels from CSV ``id,label`` (header optional) or JSON ``{id: label}``."""
    file = Path(path)
    if not file.is_file():
        raise InputError("labels file not found", file=str(file))
    if file.suffix.lower() == ".json":
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise InputError(f"labels file is not valid JSON: {exc}", file=str(file)) from None
        if not isinstance(data, dict):
            raise InputError("labels JSON must map id to label", file=str(file))
        return {str(k): _label(str(v), file, None) for k, v in data.items()}
    out: dict[str, str] = {}
    with file.open(newline="", encoding="utf-8-sig") as handle:
        for line, row in enumerate(csv.reader(handle), start=1):
            if not row or (line == 1 and [c.strip().lower() for c in row[:2]] == ["id", "label"]):
                continue
            if len(row) < 2 or not row[0].strip():
                raise InputError("expected two columns: id,label", file=str(file), line=line, field="label")
            out[row[0].strip()] = _label(row[1], file, line)
    return out


def _label(text: str, file: Path, line: int | None) -> str:
    label = text.strip().lower().replace(" ", "_").replace("-", "_")
    if label in ("not_involved", "none", "niet_betrokken", "uninvolved"):
        return NOT_INVOLVED
    if not label:
        raise InputError("empty label", file=str(file), line=line, field="label")
    return label
