"""Readable reports of disruption runs and intervention plans (plain text, Markdown-ish).

>>> print(run_report({"strategy": "degree", "conventions": {"directed": False,
...     "component": "weak", "weight_meaning": "none", "ties": "input", "mode": "sequential",
...     "block_size": 1, "measured": "after k removals"}, "network": {"nodes": 3, "edges": 2},
...     "removed": ["b"], "rows": [{"k": 0, "lcc": 3, "lcc_fraction": 1.0, "components": 1},
...     {"k": 1, "removed": "b", "lcc": 1, "lcc_fraction": 1 / 3, "components": 2}],
...     "notes": []}).splitlines()[0])
# Disruption run: degree on 3 nodes / 2 edges
"""

from __future__ import annotations

from typing import Any


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1%}"


def conventions_line(conventions: dict[str, Any]) -> str:
    """One line stating a run's conventions."""
    return (f"Conventions: {'directed' if conventions['directed'] else 'undirected'}, "
            f"{conventions['component']} components, weights as {conventions['weight_meaning']}, "
            f"ties by {conventions['ties']} order, {conventions['mode']} re-ranking"
            f"{'' if conventions['mode'] == 'sequential' else ' (block ' + str(conventions['block_size']) + ')'}"
            f"; {conventions['measured']}.")


def run_report(run: dict[str, Any], *, rows: int = 15) -> str:
    """A disruption run: conventions, then the first rows of the trace."""
    title = (f"# Disruption run: {run['strategy']} on {run['network']['nodes']} nodes / "
             f"{run['network']['edges']} edges")
    lines = [title, "", conventions_line(run["conventions"]), ""]
    extra = [key for key in ("efficiency", "clustering", "capacity") if key in run["rows"][0]]
    header = ["k", "removed", "largest component", "fraction", "components", *extra]
    lines.append(" | ".join(header))
    lines.append(" | ".join("---" for _ in header))
    for row in run["rows"][:rows]:
        cells = [str(row["k"]), str(row.get("removed") or "-"), f"{row['lcc']:g}",
                 f"{row['lcc_fraction']:.3f}", f"{row['components']:g}"]
        cells += [f"{row[key]:.4g}" for key in extra]
        lines.append(" | ".join(cells))
    if len(run["rows"]) > rows:
        lines.append(f"... {len(run['rows']) - rows} more rows in the JSON output")
    for note in run.get("notes", []):
        lines.append(f"Note: {note}")
    return "\n".join(lines)


def plan_report(plan: dict[str, Any]) -> str:
    """An intervention plan as a person reads it: advice first, then targets and strategies."""
    metric = plan["objective"]
    package = plan["package"]["effect"][metric]
    lines = [
        "# Intervention plan (barrier model)",
        "",
        f"**{plan['advice']}**",
        "",
        (f"Objective: {metric} of the criminal business. Package of {len(plan['targets'])} "
         f"targets: immediately {package['immediate']:.1%} lower, after recovery "
         f"{package['recovered']:.1%} lower (90 % band {package['band'][0]:.1%} to "
         f"{package['band'][1]:.1%}; {plan['runs']} Monte Carlo runs, seed {plan['seed']})."),
        "",
        "rank | target | role | step | partner | instrument | marginal effect after recovery",
        "--- | --- | --- | --- | --- | --- | ---",
    ]
    for t in plan["targets"]:
        lines.append(
            f"{t['rank']} | {t['name']} | {t['role'] or '-'} | {t['step_label']} | {t['partner']} "
            f"| {t['instrument']} | {_pct(t['expected_effect']['marginal_after_recovery'])}")
    lines += ["", "Why these targets:"]
    for t in plan["targets"]:
        lines.append(f"- {t['name']}: {'; '.join(t['reasons'])}")
    lines += ["", "Strategies compared (same number of removals, after recovery):", "",
              f"strategy | {metric} now | {metric} after recovery (mean, 90 % band)",
              "--- | --- | ---"]
    for row in plan["strategies"]:
        after = row["after_recovery"]
        lines.append(f"{row['strategy']} | {row['immediate']:g} of {row['start']:g} | "
                     f"{after['mean']:.2f} ({after['p05']:.2f}-{after['p95']:.2f})")
    lines += ["", f"Selection: {plan['selection']}.", f"Uncertainty: {plan['uncertainty']}.",
              conventions_line(plan["conventions"])]
    return "\n".join(lines)
