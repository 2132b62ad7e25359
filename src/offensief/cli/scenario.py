"""The demo's second act from the command line: the plan carried out, money, effect."""

from __future__ import annotations

import orjson
from rich.table import Table

from offensief.cases.seed import DEMO_CASE
from offensief.casework import scenario
from offensief.cli.context import console
from offensief.db.engine import open_workspace_database
from offensief.disrupt.case import case_network
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace


def run_results(ws: Workspace) -> scenario.Outcome:
    """Carry out ``results/plan.json`` as the demo users, load the later observations and
    measure the effect; load the demo budget and spending as the controller."""
    console.rule("[bold]Interventions carried out, later data, effect against the plan")
    plan = orjson.loads((ws.root / "results" / "plan.json").read_bytes())
    database = open_workspace_database(ws)
    try:
        with Store.open(ws) as store, database.session() as session:
            with console.status("rebuilding the plan's network"):
                before = case_network(store)
            with console.status("interventions, later observations, re-analysis"):
                outcome = scenario.run(session, store, ws, case=DEMO_CASE, before=before,
                                       targets=plan["targets"], folder=ws.root / "later")
    finally:
        database.dispose()
    m = outcome.measurement
    cap = m["capacity"]
    console.print(f"{outcome.interventions} interventions, {len(outcome.removed)} members "
                  f"removed; capacity before {cap['before']:.0f}, predicted "
                  f"{cap['predicted']['mean']:.2f} (prior) / "
                  f"{cap['predicted_reestimated']['mean']:.2f} (re-estimated), observed "
                  f"{cap['observed']:.0f}")
    table = Table("parameter", "prior", "re-estimated", "seen/opportunities")
    for name, e in m["reestimated"].items():
        table.add_row(name, f"{e['prior']:.2f}", f"{e['estimate']:.2f}",
                      f"{e['successes']}/{e['opportunities']}")
    console.print(table)
    (ws.root / "results" / "effect.json").write_bytes(
        orjson.dumps(m, option=orjson.OPT_INDENT_2))
    return outcome
