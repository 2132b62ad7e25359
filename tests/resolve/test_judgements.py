"""Judgements override the model: "not same" splits and survives a re-run, "same" merges
transitively, undo restores; all stored in the operational store and audited."""

from __future__ import annotations

import pytest

from offensief.access import audit
from offensief.access.actors import add_partner, add_user, as_actor
from offensief.db.testing import BACKENDS, temporary_database
from offensief.model.errors import InputError
from offensief.resolve import canonical
from offensief.resolve.judgements import judge, judged, listing, undo
from offensief.resolve.resolution import Judged, rerun_clusters, resolve
from tests.resolve.conftest import FAST, febrl_store


@pytest.fixture(scope="module")
def resolved():
    store, _, _ = febrl_store(keep=0.3)
    resolve(store, options=FAST)
    yield store
    store.close()


@pytest.fixture(params=BACKENDS)
def ops(request, tmp_path, resolved):
    with temporary_database(request.param, directory=str(tmp_path)) as db:
        with db.session() as session:
            add_partner(session, name="riec-zuid", kind="riec")
            user, _ = add_user(session, username="ana", partner="riec-zuid", roles=["analyst"])
            actor = as_actor(user)
        yield db, actor
    # leave the shared store as the model alone would have it
    rerun_clusters(resolved, judged=Judged())


def test_not_same_splits_survives_rerun_and_undo_restores(resolved, ops):
    db, actor = ops
    mapping = canonical.load_mapping(resolved)
    cid = mapping["rec-100-org"]
    assert mapping["rec-100-dup-0"] == cid
    with db.session() as session:
        done = judge(resolved, session, left="rec-100-org", right="rec-100-dup-0",
                     verdict="not-same", actor=actor, reason="different BSN on paper file")
    mapping = canonical.load_mapping(resolved)
    assert mapping["rec-100-org"] != mapping["rec-100-dup-0"]
    with db.session() as session:
        resolve(resolved, options=FAST, judged=judged(session))
    mapping = canonical.load_mapping(resolved)
    assert mapping["rec-100-org"] != mapping["rec-100-dup-0"]
    with db.session() as session:
        undo(resolved, session, judgement_ids=done["judgements"], actor=actor, reason="mistake")
        assert listing(session) == []
        actions = [e["action"] for e in audit.entries(session, action=None, limit=10)]
    mapping = canonical.load_mapping(resolved)
    assert mapping["rec-100-org"] == mapping["rec-100-dup-0"] == cid
    assert "judge" in actions and "judge_revoke" in actions


def test_same_merges_transitively_and_accepts_cluster_ids(resolved, ops):
    db, actor = ops
    mapping = canonical.load_mapping(resolved)
    first, second, third = mapping["rec-10-org"], mapping["rec-20-org"], mapping["rec-30-org"]
    assert len({first, second, third}) == 3
    with db.session() as session:
        judge(resolved, session, left=first, right=second, verdict="same", actor=actor,
              reason="same phone and address")
        judge(resolved, session, left="rec-20-dup-0", right=third, verdict="same",
              actor=actor, reason="same BSN")
        assert {j["verdict"] for j in listing(session)} == {"same"}
    mapping = canonical.load_mapping(resolved)
    members = ["rec-10-org", "rec-10-dup-0", "rec-20-org", "rec-20-dup-0", "rec-30-org",
               "rec-30-dup-0"]
    assert len({mapping[m] for m in members}) == 1
    merged = next(c for c in canonical.clusters(resolved.con) if "rec-10-org" in c["members"])
    assert merged["probability"] == 1.0 and len(merged["members"]) == 6


def test_unsure_keeps_the_model_and_bad_input_is_refused(resolved, ops):
    db, actor = ops
    before = canonical.load_mapping(resolved)
    with db.session() as session:
        judge(resolved, session, left="rec-40-org", right="rec-41-org", verdict="unsure",
              actor=actor, reason="cannot tell")
        with pytest.raises(InputError):
            judge(resolved, session, left="rec-40-org", right="nobody", verdict="same",
                  actor=actor, reason="x")
        with pytest.raises(InputError):
            judge(resolved, session, left="rec-40-org", right="rec-41-org", verdict="maybe",
                  actor=actor, reason="x")
    assert dict(canonical.load_mapping(resolved)) == dict(before)
