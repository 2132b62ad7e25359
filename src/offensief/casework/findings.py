"""Network findings as one viewer may see them: the network tab, roles, what-if and plan.

Each function takes the viewer's :class:`~offensief.access.view.CaseView` and a cached
result of the case pipeline and applies the derived-data rule
(:mod:`offensief.casework.disclosure`): all of these findings rest on the whole person
network, so they are disclosed only when the viewer sees every dataset of its basis in
clear; otherwise every person in them is a subject token and feature values are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from offensief.access.view import CaseView
from offensief.casework.disclosure import Disclosure, Inputs, Subject
from offensief.model.marks import marked_ids, render


@dataclass(frozen=True)
class Explanation:
    """Why a candidate scores: a sentence and the features behind it (values only when
    disclosed)."""

    text: str
    features: list[dict[str, Any]] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    @classmethod
    def shown(cls, raw: dict[str, Any], role: str, basis: Inputs,
              captions: Mapping[str, str] | None = None) -> Explanation:
        """The explanation for a viewer: in full, with the entities it names by his
        ``captions`` (:mod:`offensief.model.marks`), when the basis is disclosed; otherwise the
        sentence rebuilt from feature levels, naming nobody."""
        if basis.disclosed:
            return cls(render(raw["text"], captions or {}), list(raw.get("features", [])),
                       list(raw.get("left_out", [])))
        features = [{k: f[k] for k in ("name", "level", "weight", "contribution") if k in f}
                    for f in raw.get("features", [])]
        top = sorted(features, key=lambda f: -abs(f.get("contribution", 0.0)))[:3]
        text = (f"{role.replace('_', ' ')}: " + ", ".join(f"{f['name']} (level {f['level']:.2f})"
                                                          for f in top)
                + " — values withheld: " + basis.reason)
        return cls(text, features, list(raw.get("left_out", [])))

    def about_subject(self, role: str) -> Explanation:
        """The explanation reduced to its subject, for a release to another partner: his own
        feature rows (only the keys of :data:`SUBJECT_FEATURE_KEYS`) and the features left
        out, with the sentence rebuilt from his three largest contributions. The rule text's
        other clauses are dropped: they name other persons (the lieutenants a kingpin stands
        above, a lieutenant's head), a facilitator's client groups, and the firms and payers
        behind a trade.

        >>> Explanation("kingpin: ...; listed above the lieutenants he meets in person: Jan",
        ...             [{"name": "meetings", "weight": 0.8, "contribution": 1.2}]).about_subject("kingpin").text
        'kingpin: meetings (contribution +1.20)'
        """
        features = [{k: f[k] for k in SUBJECT_FEATURE_KEYS if k in f} for f in self.features]
        top = sorted(features, key=lambda f: -abs(f.get("contribution", 0.0)))[:3]
        return Explanation(f"{role.replace('_', ' ')}: " + ", ".join(_phrase(f) for f in top),
                           features, [str(x) for x in self.left_out])


#: Keys of a feature row that describe the subject himself: the feature, his value, where it
#: stands in the network and what it adds to his score.
SUBJECT_FEATURE_KEYS = ("name", "value", "percentile", "share_of_max", "level", "weight", "contribution")


def _phrase(feature: dict[str, Any]) -> str:
    """One feature of the subject in words (percentiles spelled out: "p5" reads as an id)."""
    if "value" in feature and "percentile" in feature:
        return (f"{feature['name']}={feature['value']:.4g} (percentile {round(100 * feature['percentile'])}, "
                f"{round(100 * feature.get('share_of_max', 0.0))}% of max)")
    return f"{feature['name']} (contribution {feature.get('contribution', 0.0):+.2f})"


@dataclass(frozen=True)
class RoleFinding:
    """One ranked role candidate as the viewer may see it."""

    subject: Subject
    role: str
    rank: int
    score: float
    community: int | None
    assigned: str | None
    explanation: Explanation
    basis: Inputs
    #: a facilitator candidate that meets the definition (trade and structure), else None
    flagged: bool | None = None
    #: the case team's own label of this person (shown only with the finding's inputs)
    label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The documented row shape (``id``, ``source_ids``, ``name``, ...) plus ``basis``."""
        extra = {k: v for k, v in (("flagged", self.flagged), ("label", self.label)) if v is not None}
        return {"id": self.subject.ref, "source_ids": self.subject.source_ids,
                "name": self.subject.name, "pseudonymised": self.subject.pseudonymised,
                "role": self.role, "rank": self.rank, "score": self.score,
                "community": self.community, "assigned": self.assigned, **extra,
                "explanation": asdict(self.explanation), "inputs": self.basis.to_dict()}


#: Keys of cached what-if, plan and time-slice results that are for naming only, never shown.
_INTERNAL = ("people_ids", "people_sources", "sources")


def _subjects(view: CaseView, rule: Disclosure, basis: Inputs,
              items: list[tuple[str, list[str]]]) -> dict[str, Subject]:
    ids = sorted({i for eid, sources in items for i in (eid, *sources)}) if basis.disclosed else []
    captions = view.captions(ids) if ids else {}
    return {eid: rule.subject(eid, sources, basis, captions) for eid, sources in items}


def _marked_captions(view: CaseView, basis: Inputs, texts: list[str]) -> dict[str, str]:
    """The viewer's captions of the entities marked in ``texts`` (none when not disclosed)."""
    ids = sorted({i for t in texts for i in marked_ids(t)}) if basis.disclosed else []
    return view.captions(ids) if ids else {}


def roles(view: CaseView, result: dict[str, Any], *, role: str | None = None) -> list[RoleFinding]:
    """The ranked role candidates of the case analysis for this viewer."""
    rule = Disclosure.of(view)
    basis = rule.basis(result["inputs"])
    rows = [r for r in result["roles"] if role is None or r["role"] == role]
    subjects = _subjects(view, rule, basis, [(r["id"], list(r["source_ids"])) for r in rows])
    named = _marked_captions(view, basis, [r["explanation"]["text"] for r in rows])
    return [RoleFinding(subjects[r["id"]], r["role"], r["rank"], r["score"], r.get("community"),
                        r.get("assigned"), Explanation.shown(r["explanation"], r["role"], basis, named), basis,
                        r.get("flagged"), r.get("label") if basis.disclosed else None)
            for r in rows]


def released_roles(view: CaseView, result: dict[str, Any], *, subject: str) -> list[RoleFinding]:
    """The role findings about ``subject`` as they are provided to another partner: each
    explanation reduced to what is about him (:meth:`Explanation.about_subject`)."""
    return [replace(r, explanation=r.explanation.about_subject(r.role))
            for r in roles(view, result) if r.subject.ref == subject]


def communities(view: CaseView, result: dict[str, Any]) -> dict[str, Any]:
    """The case analysis's communities (``offensief network communities`` shape) for this
    viewer: members as subjects, scope evidence (it quotes names) only when disclosed."""
    rule = Disclosure.of(view)
    basis = rule.basis(result["inputs"])
    members = result["members"]
    subjects = _subjects(view, rule, basis, [(m["id"], list(m["source_ids"])) for m in members])
    out = dict(result["communities"]) | {
        "members": [{"id": subjects[m["id"]].ref, "name": subjects[m["id"]].name,
                     "community": m["community"], "stability": m["stability"]} for m in members]}

    every = [result["scope"], *result["community_scopes"]] if result.get("scope") is not None else []
    named = _marked_captions(view, basis, [e for s in every for e in s.get("evidence", [])])

    def scoped(scope: dict[str, Any]) -> dict[str, Any]:
        if not basis.disclosed:
            return scope | {"evidence": []}
        return scope | {"evidence": [render(e, named) for e in scope.get("evidence", [])]}

    if result.get("scope") is not None:
        out["scope"] = scoped(result["scope"])
        out["community_scopes"] = [scoped(s) for s in result["community_scopes"]]
    return out | {"inputs": basis.to_dict()}


def network_part(view: CaseView, result: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    """A selection of the network tab (nodes, edges) with names for this viewer: clear
    names or tokens when the network is disclosed, subject tokens (also as node and edge
    ends) when it is not."""
    rule = Disclosure.of(view)
    basis = rule.basis(result["inputs"])
    subjects = _subjects(view, rule, basis, [(n["id"], list(n.get("source_ids", ()))) for n in part["nodes"]])
    nodes = []
    for node in part["nodes"]:
        who = subjects[node["id"]]
        nodes.append(node | {"id": who.ref, "source_ids": who.source_ids, "label": who.name,
                             "pseudonymised": who.pseudonymised})
    edges = part["edges"]
    if not basis.disclosed:
        edges = [e | {"source": rule.token(e["source"]), "target": rule.token(e["target"])} for e in edges]
    return part | {"nodes": nodes, "edges": edges, "inputs": basis.to_dict()}


def name_people(view: CaseView, result: dict[str, Any], graph: Any) -> None:
    """Rename the vertices of :func:`~offensief.casework.pipeline.people_graph` for this
    viewer before a simulation or plan whose output names them: ``name`` the entity id or
    the subject token, ``label`` the shown name, ``source_ids`` only when disclosed."""
    rule = Disclosure.of(view)
    basis = rule.basis(result["inputs"])
    subjects = _subjects(view, rule, basis, list(zip(graph.vs["name"], graph.vs["source_ids"])))
    shown = [subjects[name] for name in graph.vs["name"]]
    graph.vs["name"] = [s.ref for s in shown]
    graph.vs["label"] = [s.name for s in shown]
    graph.vs["source_ids"] = [s.source_ids or [s.ref] for s in shown]


def inputs(view: CaseView, result: dict[str, Any]) -> dict[str, Any]:
    """The ``inputs`` of a case result for this viewer (what it rests on, what is withheld)."""
    return Disclosure.of(view).basis(result["inputs"]).to_dict()


def timeslices(view: CaseView, result: dict[str, Any]) -> dict[str, Any]:
    """Time slices of the case's entity graph with each period's top entities named for this
    viewer (subject tokens when the slices rest on a dataset it may not read in clear)."""
    rule = Disclosure.of(view)
    basis = rule.basis(result["inputs"])
    sources = result["sources"]
    subjects = _subjects(view, rule, basis, [(i, list(s)) for i, s in sorted(sources.items())])

    def named(row: dict[str, Any]) -> dict[str, Any]:
        who = subjects[row["id"]]
        return row | {"id": who.ref, "name": who.name}

    slices = [s | {"top": {k: [named(r) for r in rows] for k, rows in s["top"].items()}}
              for s in result["slices"]]
    body = {k: v for k, v in result.items() if k not in _INTERNAL}
    return body | {"slices": slices, "inputs": basis.to_dict()}


def entity_of(view: CaseView, result: dict[str, Any], ref: str) -> str:
    """The entity id a request names: itself, or the entity behind a subject token of a
    network this viewer sees pseudonymised."""
    rule = Disclosure.of(view)
    found = rule.unmask([ref], (n["id"] for n in result["network"]["nodes"]))
    return found.get(ref, ref)


def curve(view: CaseView, result: dict[str, Any]) -> dict[str, Any]:
    """A what-if with the removed members named for this viewer."""
    rule = Disclosure.of(view)
    basis = rule.basis(result["inputs"])
    sources = dict(zip(result["people_ids"], result["people_sources"]))
    ids = [r["removed"] for r in result["curve"] if r["removed"]]
    subjects = _subjects(view, rule, basis, [(i, sources.get(i, [])) for i in ids])
    rows = [r | {"removed": subjects[r["removed"]].ref if r["removed"] else None,
                 "removed_name": subjects[r["removed"]].name if r["removed"] else None,
                 "pseudonymised": subjects[r["removed"]].pseudonymised if r["removed"] else False}
            for r in result["curve"]]
    body = {k: v for k, v in result.items() if k not in _INTERNAL}
    return body | {"curve": rows, "removed": [subjects[i].name for i in result["removed"]],
                   "inputs": basis.to_dict()}


def plan(view: CaseView, result: dict[str, Any]) -> dict[str, Any]:
    """An intervention plan with targets named for this viewer, grouped by partner."""
    rule = Disclosure.of(view)
    basis = rule.basis(result["inputs"])
    subjects = _subjects(view, rule, basis, [(t["id"], list(t["source_ids"])) for t in result["targets"]])
    targets = []
    for target in result["targets"]:
        who = subjects[target["id"]]
        targets.append(target | {"id": who.ref, "name": who.name, "source_ids": who.source_ids,
                                 "pseudonymised": who.pseudonymised})
    by_partner: dict[str, list[dict[str, Any]]] = {}
    for target in targets:
        by_partner.setdefault(target["partner"], []).append(target)
    strategies = [{k: v for k, v in s.items() if k != "targets"} for s in result["strategies"]]
    package = dict(result["package"])
    package["targets"] = [subjects[t].ref if t in subjects else rule.token(t) for t in package["targets"]]
    if not basis.disclosed:  # recovery events name who replaces whom
        package["events"] = []
    body = {k: v for k, v in result.items() if k not in _INTERNAL}
    return body | {"targets": targets, "by_partner": by_partner, "strategies": strategies,
                   "package": package, "inputs": basis.to_dict()}
