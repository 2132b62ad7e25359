"""A released role finding keeps only what is about its subject: his own features, not the
rule text's clauses that name other persons (the lieutenants a kingpin stands above, the
head of a lieutenant, a facilitator's client groups and the firms behind his trade). A
released asset keeps only the asset and its owner: no other candidates, chain, nominee,
payers, nor evidence lines naming anyone else."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from offensief.casework import finance as fin
from offensief.casework import pipeline
from offensief.casework.findings import Explanation
from tests.api.conftest import bearer, case_id
from tests.api.owned import own  # noqa: F401  (a fixture: a copy of the API world)
from tests.api.test_casework import finished
from tests.api.world import KINGPIN, _person

#: Everyone in the API world but the kingpin ``p0``: ids and names.
OTHERS = {f"p{i}": _person(i)["properties"]["name"][0] for i in range(1, 21)}
LIEUTENANTS = ("p1", "p2")


def _kingpin_raw() -> dict[str, Any]:
    """An explanation as :func:`offensief.network.roles.roles` writes it for a kingpin listed
    above two lieutenants (the hierarchy clause names them), with a learned-model extra."""
    features = [{"name": "meeting_share", "value": 0.5, "percentile": 0.95, "share_of_max": 1.0,
                 "level": 0.975, "weight": 0.2, "contribution": 0.195},
                {"name": "pagerank", "value": 0.08, "percentile": 1.0, "share_of_max": 1.0,
                 "level": 1.0, "weight": 0.15, "contribution": 0.15, "note": f"ahead of {OTHERS['p1']}"}]
    text = ("kingpin: meeting_share=0.5 (p95, 100% of max), pagerank=0.08 (p100, 100% of max)"
            "; listed above the lieutenants he meets in person: "
            + ", ".join(f"{OTHERS[p]} (meeting share 0.10 against his 0.50; 2 contacts he does not deal with, "
                        "against his 0)" for p in LIEUTENANTS))
    return {"text": text, "features": features, "left_out": ["net_inflow"],
            "hierarchy": {"above": list(LIEUTENANTS), "below": []}}


def _named_others(blob: str) -> list[str]:
    return [x for x in (*OTHERS, *OTHERS.values()) if re.search(rf"(?<![\w-]){re.escape(x)}(?![\w-])", blob)]


def test_about_subject_keeps_his_features_and_drops_the_clauses_naming_others() -> None:
    full = Explanation(_kingpin_raw()["text"], _kingpin_raw()["features"], ["net_inflow"])
    assert _named_others(json.dumps(full.__dict__))  # the case team's own view names them
    minimal = full.about_subject("kingpin")
    assert _named_others(json.dumps(minimal.__dict__)) == []
    assert minimal.text.startswith("kingpin: meeting_share=0.5")
    assert [f["name"] for f in minimal.features] == ["meeting_share", "pagerank"]
    assert minimal.features[0] == _kingpin_raw()["features"][0]  # his values stay
    assert "note" not in minimal.features[1] and minimal.left_out == ["net_inflow"]


def test_learned_explanation_about_subject_names_the_contributions() -> None:
    learned = Explanation("kingpin: probability 0.91 from the case team's labels (log-odds: meetings +1.20)",
                          [{"name": "meetings", "weight": 0.8, "contribution": 1.2}])
    assert learned.about_subject("kingpin").text == "kingpin: meetings (contribution +1.20)"


def test_released_role_finding_names_no_other_person(own, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    _ws, client = own
    analysed = pipeline.case_analysis

    def with_hierarchy(*args: Any, **kwargs: Any) -> Any:
        """The case analysis, its kingpin row explained as a head above two lieutenants."""
        result, job = analysed(*args, **kwargs)
        if result is None:
            return result, job
        result = copy.deepcopy(result)
        for row in result["roles"]:
            if row["id"] == "p0" and row["role"] == "kingpin":
                row["explanation"] = row["explanation"] | _kingpin_raw()
        return result, job

    ana, gem = bearer(client, "ana"), bearer(client, "gem")
    cid = case_id(client, ana)
    finished(client, f"/api/cases/{cid}/network/roles", ana)
    monkeypatch.setattr(pipeline, "case_analysis", with_hierarchy)
    body = {"kind": "role", "subject": "p0", "recipient": "gemeente-rotterdam", "legal_ground": "closure-13b",
            "note": "burgemeester: sluiting pand Havenstraat 12"}
    made = client.post(f"/api/cases/{cid}/releases", json=body, headers=ana)
    assert made.status_code == 201, made.text
    finding = made.json()["finding"]
    kingpin = next(r for r in finding["roles"] if r["role"] == "kingpin")
    assert finding["subject"]["name"] == KINGPIN
    assert [f["name"] for f in kingpin["explanation"]["features"]] == ["meeting_share", "pagerank"]
    assert _named_others(json.dumps(finding)) == []
    read = client.get(f"/api/cases/{cid}/releases", headers=gem)
    assert read.status_code == 200 and KINGPIN in read.text
    assert _named_others(read.text) == []


def test_released_asset_names_no_other_person(own, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """The company ``c1`` of the kingpin ``p0``, its inventory row given a second candidate
    (its director ``p3``), evidence naming his brother ``p5``, a chain through ``p3``, a
    nominee and traced payments from ``p1``: the release keeps value, kind, owner,
    confidence and the owner's own evidence, and names none of them."""
    _ws, client = own
    inventory = fin.assets

    def with_others(*args: Any, **kwargs: Any) -> Any:
        result, job = inventory(*args, **kwargs)
        if result is None:
            return result, job
        result = copy.deepcopy(result)
        for row in result:
            if row["asset_id"] == "c1":
                row["candidates"] = [
                    {"entity": "p0", "score": 8.0, "confidence": 0.8,
                     "evidence": ["registered owner (100%)",
                                  "relative or associate of {{p5}}, who shows nominee indicators",
                                  "{{c1}} is established at his address ({{p0}})"],
                     "evidence_detail": [{"kind": "tie", "lr": 2.0, "text": "relative or associate of {{p5}}",
                                          "transaction_ids": [], "entity_ids": ["p5"]}]},
                    {"entity": "p3", "score": 1.0, "confidence": 0.1,
                     "evidence": ["director of {{c1}} since 2023"], "evidence_detail": []}]
                row["chain"] = ["{{c1}} (company)", "{{p3}}: director", "{{p0}}: owner 100%"]
                row["nominee"] = {"person": "p3", "indicators": ["young"]}
                row["source_of_funds"] = [{"payer": "p1", "amount": 9000.0}]
                row["basis"] = "; ".join(row["candidates"][0]["evidence"])
                row["confidence"] = 0.8
        return result, job

    ana, gem = bearer(client, "ana"), bearer(client, "gem")
    cid = case_id(client, ana)
    finished(client, f"/api/cases/{cid}/finance/assets", ana)
    monkeypatch.setattr(fin, "assets", with_others)
    body = {"kind": "asset", "subject": "c1", "recipient": "gemeente-rotterdam", "legal_ground": "bibob",
            "note": "Bibob-toets vergunning"}
    made = client.post(f"/api/cases/{cid}/releases", json=body, headers=ana)
    assert made.status_code == 201, made.text
    finding = made.json()["finding"]
    assert finding["kind"] == "company" and finding["beneficial_owner"] == "p0"
    assert finding["beneficial_owner_name"] == KINGPIN and finding["confidence"] == 0.8
    assert finding["value"] is not None
    assert finding["evidence"][0] == "registered owner (100%)" and len(finding["evidence"]) == 2
    assert KINGPIN in finding["evidence"][1]
    assert {"candidates", "chain", "nominee", "source_of_funds"}.isdisjoint(finding)
    assert finding["left_out"]["candidates"] == 1 and finding["left_out"]["evidence_lines"] == 1
    assert _named_others(json.dumps(finding)) == []
    read = client.get(f"/api/cases/{cid}/releases", headers=gem)
    assert read.status_code == 200 and KINGPIN in read.text
    assert _named_others(read.text) == []


def test_a_cached_explanation_names_others_by_marks_and_each_viewer_by_his_captions() -> None:
    """The case pipeline caches explanations with entity marks (ids, no names); a viewer who
    sees the basis in clear gets his captions for them, any other viewer a sentence naming
    nobody."""
    from offensief.casework.disclosure import Inputs
    from offensief.model.marks import mark

    raw = _kingpin_raw() | {"text": "kingpin: meeting_share=0.5; listed above the lieutenants he meets in person: "
                                    + ", ".join(mark(p) for p in LIEUTENANTS)}
    shown = Explanation.shown(raw, "kingpin", Inputs(("politie",)), {"p1": OTHERS["p1"], "p2": "tok_9"})
    assert shown.text.endswith(f"in person: {OTHERS['p1']}, tok_9")
    hidden = Explanation.shown(raw, "kingpin", Inputs(("politie",), withheld=("politie",)), {"p1": OTHERS["p1"]})
    assert "{{" not in hidden.text and _named_others(hidden.text) == []
