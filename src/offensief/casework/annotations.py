"""Notes on nodes and links, and saved views of the workbench canvas, shared with a case's
members (and nobody else: an administrator who is no member sees none).

A note records the datasets its author saw the entity (or both ends of the link) in. It is
shown under the derived-data rule (:mod:`offensief.casework.disclosure`): a reader who may
read every one of them in clear sees it against the entity's caption and id; any other
member sees it against the entity's subject token (never its id or name). Writing and
reading notes and views are audited.

>>> clean_state({"seeds": ["p1"], "positions": {"p1": {"x": 1, "y": 2}}})["positions"]
{'p1': {'x': 1.0, 'y': 2.0}}
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from offensief.access.view import CaseView
from offensief.casework.caller import Caller
from offensief.casework.cases import CallerView, open_view
from offensief.casework.disclosure import Disclosure
from offensief.casework.naming import captions, source_ids
from offensief.db.actors import User
from offensief.db.notes import CaseCanvas, CaseNote
from offensief.model.errors import InputError, NotFound
from offensief.store.lookup import datasets_of

MAX_TEXT = 4000
MAX_IDS = 2000
STATE_LISTS = ("seeds", "nodes", "selected", "relations")
STATE_TEXT = ("since", "until", "known_by", "hops")


def _view(caller: Caller, case: int | str, what: dict[str, Any]) -> CallerView:
    """The member's view of the case (membership checked, refusals audited)."""
    return open_view(caller, case, action="read_pseudonymised", audit_as="", what=what)


def _datasets(view: CaseView, ids: list[str]) -> set[str]:
    """The visible datasets holding any record of ``ids``; refuses an id the viewer cannot see."""
    members = source_ids(view, ids)
    found = datasets_of(view.store.con, [s for group in members.values() for s in group])
    out: set[str] = set()
    for ident, group in members.items():
        mine = {d for s in group for d in found.get(s, ()) if d in view.levels}
        if not mine:
            raise NotFound(f"no entity {ident!r} in the data you may see in this case", field="entity")
        out |= mine
    return out


def add_note(caller: Caller, case: int | str, *, entity: str, text: str, other: str = "",
             relation: str = "") -> dict[str, Any]:
    """A note on ``entity`` (or on its link to ``other``), as this member writes it."""
    text = text.strip()
    if not text or len(text) > MAX_TEXT:
        raise InputError(f"a note needs 1 to {MAX_TEXT} characters", field="text")
    if len(relation) > 60:
        raise InputError("relation: at most 60 characters", field="relation")
    view = _view(caller, case, {"note_on": "link" if other else "node"})
    inputs = _datasets(view, [entity, *([other] if other else [])])
    note = CaseNote(case_id=view.case.id, entity_id=entity, other_id=other, relation=relation,
                    text=text, inputs=json.dumps(sorted(inputs)), author_id=caller.actor.id)
    session = caller.session()
    session.add(note)
    session.flush()
    caller.audit("note_add", case=view.case, what={"note": note.id, "on": "link" if other else "node",
                                                    "datasets": sorted(inputs)})
    session.commit()
    return _shown(view, [note])[0]


def notes(caller: Caller, case: int | str, *, entity: str | None = None) -> list[dict[str, Any]]:
    """The case's notes as this member may see them (newest first); with ``entity``, those
    shown on it (its id, or its subject token for a note the member sees against the token)."""
    view = _view(caller, case, {"notes": entity or "all"})
    rows = list(caller.session().scalars(
        select(CaseNote).where(CaseNote.case_id == view.case.id).order_by(CaseNote.id.desc())))
    shown = _shown(view, rows)
    if entity is not None:
        shown = [n for n in shown if entity in (n["entity"], n["other"])]
    caller.audit("read_notes", case=view.case, what={"notes": len(shown),
                                                      "withheld": sum(not n["disclosed"] for n in shown)})
    return shown


def _shown(view: CaseView, rows: list[CaseNote]) -> list[dict[str, Any]]:
    rule = Disclosure.of(view)
    bases = [rule.basis(json.loads(n.inputs)) for n in rows]
    open_ids = [i for n, b in zip(rows, bases) if b.disclosed for i in (n.entity_id, n.other_id) if i]
    names = captions(view, open_ids) if open_ids else {}
    authors = dict(view.session.execute(select(User.id, User.username).where(
        User.id.in_({n.author_id for n in rows}))).all()) if rows else {}
    def end(ident: str, disclosed: bool) -> tuple[str, str]:
        """An end of a note as the viewer sees it: id and caption, or the subject token twice."""
        if not ident:
            return "", ""
        if disclosed:
            return ident, names.get(ident, ident)
        token = rule.token(ident)
        return token, token

    out = []
    for note, basis in zip(rows, bases):
        entity, caption = end(note.entity_id, basis.disclosed)
        other, other_caption = end(note.other_id, basis.disclosed)
        out.append({"id": note.id, "entity": entity, "caption": caption, "other": other,
                    "other_caption": other_caption, "relation": note.relation, "text": note.text,
                    "author": authors.get(note.author_id, "?"), "created_at": note.created_at.isoformat(),
                    "disclosed": basis.disclosed, "inputs": basis.to_dict()})
    return out


# -- saved views of the canvas --------------------------------------------------------------

def clean_state(state: Any) -> dict[str, Any]:
    """A canvas state checked field by field: id lists, filters, period, positions, zoom."""
    if not isinstance(state, dict):
        raise InputError("a view's state is a JSON object", field="state")
    out: dict[str, Any] = {}
    for key in STATE_LISTS:
        values = state.get(key, [])
        if not isinstance(values, list) or len(values) > MAX_IDS or not all(
                isinstance(v, str) and 0 < len(v) <= 200 for v in values):
            raise InputError(f"{key}: a list of at most {MAX_IDS} ids", field=key)
        out[key] = values
    for key in STATE_TEXT:
        value = state.get(key)
        if value is not None and (not isinstance(value, (str, int)) or len(str(value)) > 20):
            raise InputError(f"{key}: a short value", field=key)
        out[key] = value
    brush = state.get("brush")
    if brush is not None and (not isinstance(brush, list) or len(brush) != 2
                              or not all(isinstance(b, str) and len(b) <= 20 for b in brush)):
        raise InputError("brush: two dates", field="brush")
    out["brush"] = brush
    positions = state.get("positions", {})
    if not isinstance(positions, dict) or len(positions) > MAX_IDS:
        raise InputError(f"positions: at most {MAX_IDS}", field="positions")
    try:
        out["positions"] = {str(k): {"x": float(v["x"]), "y": float(v["y"])} for k, v in positions.items()}
        out["zoom"] = float(state.get("zoom", 1.0))
        pan = state.get("pan") or {"x": 0, "y": 0}
        out["pan"] = {"x": float(pan["x"]), "y": float(pan["y"])}
    except (TypeError, KeyError, ValueError):
        raise InputError("positions, zoom and pan are numbers", field="positions") from None
    return out


def save_view(caller: Caller, case: int | str, *, name: str, state: Any) -> dict[str, Any]:
    """Save (or replace) the named canvas view of the case."""
    name = name.strip()
    if not name or len(name) > 120:
        raise InputError("a view needs a name of 1 to 120 characters", field="name")
    clean = clean_state(state)
    view = _view(caller, case, {"view_save": name})
    session = caller.session()
    row = session.scalar(select(CaseCanvas).where(CaseCanvas.case_id == view.case.id, CaseCanvas.name == name))
    if row is None:
        row = CaseCanvas(case_id=view.case.id, name=name, state="", saved_by=caller.actor.id)
        session.add(row)
    row.state = json.dumps(clean)
    row.saved_by = caller.actor.id
    session.flush()
    caller.audit("view_save", case=view.case, what={"view": name, "nodes": len(clean["nodes"])})
    session.commit()
    return {"name": name, "state": clean, "saved_by": caller.actor.username}


def saved_views(caller: Caller, case: int | str) -> list[dict[str, Any]]:
    """The case's saved views (name, who saved it, when, how many nodes)."""
    view = _view(caller, case, {"views": "list"})
    rows = list(caller.session().scalars(select(CaseCanvas).where(CaseCanvas.case_id == view.case.id)
                                         .order_by(CaseCanvas.name)))
    users = dict(caller.session().execute(select(User.id, User.username).where(
        User.id.in_({r.saved_by for r in rows}))).all()) if rows else {}
    return [{"name": r.name, "saved_by": users.get(r.saved_by, "?"), "saved_at": r.saved_at.isoformat(),
             "nodes": len(json.loads(r.state).get("nodes", []))} for r in rows]


def open_saved_view(caller: Caller, case: int | str, name: str) -> dict[str, Any]:
    """One saved view with its state (audited)."""
    view = _view(caller, case, {"view_open": name})
    row = caller.session().scalar(select(CaseCanvas).where(CaseCanvas.case_id == view.case.id,
                                                           CaseCanvas.name == name))
    if row is None:
        raise NotFound(f"no saved view {name!r} in this case", field="name")
    caller.audit("view_open", case=view.case, what={"view": name})
    return {"name": row.name, "state": json.loads(row.state), "saved_at": row.saved_at.isoformat()}
