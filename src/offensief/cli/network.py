"""``offensief network analyze|metrics|communities|brokerage|roles|timeslices``.

Every command reads either plain network files (no workspace needed) or, without files,
one case of the workspace's store as the ``--as`` user may see it: the case pipeline's person
network of the datasets visible in the case (audited, persons named by the derived-data rule).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import igraph as ig
import orjson
import typer
from rich.progress import Progress
from rich.table import Table

from offensief.casework import findings, pipeline
from offensief.cli.acting import CaseOption, CaseRun, case_run
from offensief.cli.context import (
    EngineOption,
    WorkspaceOption,
    check_engine,
    console,
    err_console,
    write_json,
)
from offensief.cli.users import AsOption, PasswordOption
from offensief.model.errors import InputError
from offensief.network.brokerage import ROLES as GF_ROLES
from offensief.network.brokerage import constraint, effective_size, gould_fernandez
from offensief.network.communities import leiden
from offensief.network.graph import DEFAULT_WEIGHTS, OTHER_WEIGHT
from offensief.network.io import FORMATS, read_network
from offensief.network.layers import layer_kinds, read_layers
from offensief.network.learning import read_labels
from offensief.network.measures import betweenness, node_measures
from offensief.network.roles import analyse_roles
from offensief.network.structure import graph_metrics
from offensief.network.timeslice import analyse_slices, slices_from_files
from offensief.store.spark import spark_session

app = typer.Typer(help="Network analysis: measures, communities, roles, scope, time slices.", no_args_is_help=True)

Files = Annotated[list[Path] | None, typer.Argument(
    help="Network files (edge list / adjacency CSV, GraphML); several = layers of one multiplex network.")]
Slices = Annotated[list[Path] | None, typer.Argument(help="Network files, one per period (time slices).")]
Json = Annotated[Path | None, typer.Option("--json", help="Write JSON to FILE ('-' for stdout).")]
Fmt = Annotated[str | None, typer.Option("--format", help=f"File format: {', '.join(FORMATS)} (default: guess).")]
Weights = Annotated[str, typer.Option(help="Edge weights mean: strength, distance or none.")]
Directed = Annotated[bool | None, typer.Option("--directed/--undirected", help="Override the file's direction.")]
Canonical = Annotated[str, typer.Option(help="Store only: 'auto' (resolution in the store), 'none' or a JSON file.")]
Relation = Annotated[list[str] | None, typer.Option(
    "--relation-weight", help=f"TYPE=WEIGHT for the person projection and typed network files "
                              f"(defaults: {DEFAULT_WEIGHTS}).")]
LayerKind = Annotated[list[str] | None, typer.Option(
    "--layer-kind", help="Files only: FILE=KIND, the relation kind of a network file without a relation column "
                         "(meeting, call, message, family, associate, …; Dutch words too). Default: the kind "
                         "its file name names (meetings.csv, telefoon.csv).")]
Threads = Annotated[int, typer.Option(help="Threads for the large-graph steps (betweenness, Leiden, constraint).")]
Dataset = Annotated[list[str] | None, typer.Option("--dataset", help="Store only: restrict to these datasets.")]
Focus = Annotated[list[str] | None, typer.Option(
    "--focus", help="Store only: case scope = persons in these datasets (e.g. politie-bvh) plus their "
                    "direct call/message/associate/family contacts.")]


def _relation_weights(pairs: list[str] | None) -> dict[str, float]:
    out: dict[str, float] = {}
    for pair in pairs or []:
        kind, _, value = pair.partition("=")
        try:
            out[kind.strip()] = float(value)
        except ValueError:
            raise InputError(f"--relation-weight needs TYPE=NUMBER, got {pair!r}", field="relation-weight") from None
    return out


def _canonical_file(option: str) -> dict[str, str]:
    path = Path(option)
    if not path.is_file():
        raise InputError("canonical mapping file not found", file=option)
    data = orjson.loads(path.read_bytes())
    if not isinstance(data, dict):
        raise InputError("canonical mapping must be a JSON object {source_id: canonical_id}", file=option)
    return {str(k): str(v) for k, v in data.items()}


def _file_graph(files: list[Path], *, fmt: str | None, directed: bool | None, kinds: list[str] | None,
                relation: list[str] | None) -> ig.Graph:
    """One network file as it is, or several (or one with ``--layer-kind``) as layers of one
    multiplex network; the relation kinds read are said on stderr."""
    weights = _relation_weights(relation)
    if len(files) == 1 and not kinds:
        graph = read_network(files[0], fmt=fmt, directed=directed, relation_weights=weights)
    else:
        graph = read_layers(files, kinds=layer_kinds(kinds or [], files), fmt=fmt, directed=directed,
                            relation_weights=weights)
    _say_relations(_relations(graph).get("relations", []))
    return graph


def _say_relations(relations: list[dict[str, Any]]) -> None:
    """Per file the relation kinds read (stderr: JSON on stdout stays clean), and loudly the
    values outside the vocabulary (their own kind, weighed as an unknown link)."""
    for layer in relations:
        counts = ", ".join(f"{k} {n}" for k, n in sorted(layer["rows"].items(), key=lambda kv: -kv[1]))
        err_console.print(f"{layer['file']}: relation kinds ({layer['kind_from']}): {counts}",
                          highlight=False, soft_wrap=True)
        for kind, n in layer["unknown"].items():
            err_console.print(f"[yellow]{layer['file']}: {kind!r} ({n} rows) is not a known relation kind: kept "
                              f"as its own kind, weighed as an unknown link ({OTHER_WEIGHT}); "
                              f"--relation-weight {kind}=W sets its weight[/]", highlight=False,
                              soft_wrap=True)


def _relations(graph: ig.Graph) -> dict[str, Any]:
    """The ``relations`` key of a JSON output for a typed file network (nothing for a plain one)."""
    return {"relations": graph["relations"]} if "relations" in graph.attributes() else {}


def _case_people(workspace: Path | None, case: str | None, as_user: str | None, password: str | None, *,
                 command: str, canonical: str, relation: list[str] | None, dataset: list[str] | None,
                 focus_on: list[str] | None) -> tuple[ig.Graph, dict[str, Any]]:
    """The case pipeline's person network of ``case`` as ``--as`` may see it (audited): vertex
    ``name`` the entity id or subject token, ``label`` the shown name, ``community`` the
    pipeline's; with the ``inputs`` it rests on for this viewer."""
    with case_run(workspace, case, as_user, password, command=command) as run:
        result = _case_analysis(run, canonical=canonical, relation=relation, dataset=dataset,
                                focus_on=focus_on)
        graph = pipeline.people_graph(result)
        findings.name_people(run.view, result, graph)
        return graph, findings.inputs(run.view, result)


def _on_spark(graph: ig.Graph, weights: str) -> dict[str, Any]:
    """Components, PageRank and communities on Spark (PySpark, the ``spark`` extra, loads here)."""
    from offensief.network.spark import analyse

    return analyse(spark_session(), graph, weights=weights)


def _show_roles(rows: list[dict[str, Any]], top: int) -> None:
    table = Table("role", "rank", "id", "name", "score", "community", "why")
    for r in rows:
        if r["rank"] <= top:
            table.add_row(r["role"], str(r["rank"]), r["id"], str(r["name"]), f"{r['score']:.3f}",
                          str(r["community"]), r["explanation"]["text"])
    console.print(table)


@app.command("analyze")
def analyze(
    files: Annotated[list[Path], typer.Argument(help="One or more network files (several = time slices).")],
    fmt: Fmt = None, directed: Directed = None, weights: Weights = "strength",
    convention: Annotated[str, typer.Option(help="standard or anastasiadis2024.")] = "standard",
    seeds: Annotated[int, typer.Option(help="Leiden runs (stability).")] = 5,
    top: Annotated[int, typer.Option(help="Candidates per role.")] = 10,
    threads: Threads = 2,
    json: Json = None,
    engine: EngineOption = "duckdb",
) -> None:
    """Analyse published networks: metrics, communities, roles; several files also as time slices.
    With --engine spark each network also gets ``scale``: components, PageRank and
    label-propagation communities computed as Spark DataFrame code (docs/scale.md)."""
    check_engine(engine)
    results = []
    steps = ("reading", "betweenness", "whole-network measures", "communities and roles")
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("analysing", total=len(files) * len(steps))

        def step(path: Path, number: int) -> None:
            if number:
                progress.advance(task)
            progress.update(task, description=f"{path.name}: {steps[number]}")

        for path in files:
            step(path, 0)
            g = read_network(path, fmt=fmt, directed=directed)
            step(path, 1)
            between, info = betweenness(g, weights=weights, threads=threads)
            step(path, 2)
            metrics = graph_metrics(g, weights=weights, convention=convention, threads=threads,
                                    betweenness_values=between, betweenness_info=info)
            step(path, 3)
            # roles read weights as strengths; the betweenness above serves them when it did too
            roles = analyse_roles(g, seeds=seeds, top=top, threads=threads,
                                  betweenness_values=between if weights == "strength" else None)
            results.append({"file": str(path), "metrics": metrics, "communities": roles["communities"],
                            "roles": roles["roles"]} | _relations(g)
                           | ({"scale": _on_spark(g, weights)} if engine == "spark" else {}))
            progress.advance(task)
    for r in results:
        _say_relations(r.get("relations", []))
    out: dict[str, Any] = {"networks": results}
    if len(files) > 1:
        out["timeslices"] = analyse_slices(slices_from_files(files, directed=directed), weights=weights,
                                           convention=convention)["series"]
    if json is not None:
        write_json(out, json)
        return
    for r in results:
        m = r["metrics"]
        console.print(f"[bold]{r['file']}[/]: {m['nodes']} nodes, {m['edges']} edges, "
                      f"{r['communities']['count']} communities (Q={r['communities']['modularity']:.3f})")
        _show_roles([x for x in r["roles"] if x["role"] in ("kingpin", "lieutenant", "broker")], min(top, 5))


@app.command("metrics")
def metrics(
    files: Files = None, fmt: Fmt = None, directed: Directed = None, weights: Weights = "strength",
    convention: Annotated[str, typer.Option(help="standard or anastasiadis2024.")] = "standard",
    betweenness: Annotated[str, typer.Option(help="auto, exact, approx (KADABRA), paths (path sampling) or sample (source sampling).")] = "auto",
    epsilon: Annotated[float, typer.Option(help="Error bound of KADABRA and path sampling.")] = 0.01,
    top: Annotated[int, typer.Option(help="Rows to print.")] = 15,
    workspace: WorkspaceOption = None, canonical: Canonical = "auto", relation: Relation = None,
    dataset: Dataset = None, focus_on: Focus = None, case: CaseOption = None, as_user: AsOption = None,
    password: PasswordOption = None, json: Json = None, layer_kind: LayerKind = None,
) -> None:
    """Node measures and whole-network measures, stating the weight meaning and method.
    On the store: the case pipeline's person network of --case as --as USER may see it (audited)."""
    shown: dict[str, Any] = {}
    if files:
        g = _file_graph(files, fmt=fmt, directed=directed, kinds=layer_kind, relation=relation)
    else:
        _case_only(seeds=None, layer_kind=layer_kind)
        g, basis = _case_people(workspace, case, as_user, password, command="network metrics",
                                canonical=canonical, relation=relation, dataset=dataset, focus_on=focus_on)
        shown = {"labels": g.vs["label"]}
    nodes = node_measures(g, weights=weights, betweenness_method=betweenness, epsilon=epsilon,
                          convention=convention) | shown
    whole = graph_metrics(g, weights=weights, convention=convention,
                          betweenness_values=nodes["measures"]["betweenness"], betweenness_info=nodes["betweenness"])
    out: dict[str, Any] = ({"graph": whole, "nodes": nodes} | ({"inputs": basis} if shown else {})
                           | _relations(g))
    if json is not None:
        write_json(out, json)
        return
    console.print({k: v for k, v in whole.items() if k != "conventions"})
    m = nodes["measures"]
    order = sorted(range(g.vcount()), key=lambda i: -m["betweenness"][i])[:top]
    table = Table("id", *(["name"] if shown else []), "degree", "in", "out", "betweenness", "pagerank", "coreness")
    for i in order:
        table.add_row(nodes["names"][i], *([str(nodes["labels"][i])] if shown else []), f"{m['degree'][i]:.3f}",
                      f"{m['in_degree'][i]:.3f}", f"{m['out_degree'][i]:.3f}", f"{m['betweenness'][i]:.4f}",
                      f"{m['pagerank'][i]:.4f}", f"{m['coreness'][i]:.0f}")
    console.print(table)
    _say_inputs(out)


@app.command("communities")
def communities(
    files: Files = None, fmt: Fmt = None, directed: Directed = None,
    seeds: Annotated[int | None, typer.Option(help="Files only: Leiden runs (stability; default 5).")] = None,
    resolution: Annotated[float, typer.Option(help="Files only: Leiden resolution (1 = modularity).")] = 1.0,
    workspace: WorkspaceOption = None, canonical: Canonical = "auto", relation: Relation = None,
    dataset: Dataset = None, focus_on: Focus = None, case: CaseOption = None, as_user: AsOption = None,
    password: PasswordOption = None, json: Json = None, layer_kind: LayerKind = None,
) -> None:
    """Leiden communities with modularity, stability across seeds and (store) scope level.
    On the store: the case pipeline's communities of --case as --as USER may see them."""
    if files:
        g = _file_graph(files, fmt=fmt, directed=directed, kinds=layer_kind, relation=relation)
        parts = leiden(g, seeds=seeds or 5, resolution=resolution)
        out = parts.to_dict() | {"members": [{"id": n, "community": c, "stability": s} for n, c, s in
                                             zip(g.vs["name"], parts.membership, parts.node_stability)]}
        out |= _relations(g)
    else:
        _case_only(seeds=seeds, resolution=resolution, layer_kind=layer_kind)
        with case_run(workspace, case, as_user, password, command="network communities") as run:
            result = _case_analysis(run, canonical=canonical, relation=relation, dataset=dataset,
                                    focus_on=focus_on)
            out = findings.communities(run.view, result)
    if json is not None:
        write_json(out, json)
        return
    stability = out["stability"]
    console.print(f"{out['count']} communities, modularity {out['modularity']:.3f}, "
                  f"stability NMI {stability['mean_nmi']:.3f} (min {stability['min_nmi']:.3f}) "
                  f"over {len(out['seeds'])} seeds")
    console.print(f"sizes: {out['sizes'][:20]}")
    if "scope" in out:
        console.print(f"scope: [bold]{out['scope']['level']}[/]")
    _say_inputs(out)


@app.command("roles")
def roles(
    files: Files = None, fmt: Fmt = None, directed: Directed = None,
    top: Annotated[int, typer.Option(help="Candidates per role.")] = 10,
    seeds: Annotated[int | None, typer.Option(help="Files only: Leiden runs (default 5).")] = None,
    workspace: WorkspaceOption = None, canonical: Canonical = "auto", relation: Relation = None,
    dataset: Dataset = None, focus_on: Focus = None, case: CaseOption = None, as_user: AsOption = None,
    password: PasswordOption = None, json: Json = None,
    labels: Annotated[Path | None, typer.Option(
        help="Analysts' labels (CSV id,label or JSON): roles with enough labels are learned per case.")] = None,
    layer_kind: LayerKind = None,
) -> None:
    """Ranked, explained candidates: kingpin, lieutenant, broker, facilitators, money mule, straw man.
    On the store: the case pipeline's roles of --case as --as USER may see them (audited)."""
    if files:
        g = _file_graph(files, fmt=fmt, directed=directed, kinds=layer_kind, relation=relation)
        known = read_labels(labels) if labels is not None else None
        rows = analyse_roles(g, top=top, seeds=seeds or 5, labels=known)["roles"]
    else:
        _case_only(seeds=seeds, layer_kind=layer_kind)
        if top > pipeline.TOP:
            raise InputError(f"the case pipeline keeps {pipeline.TOP} candidates per role", field="top")
        with case_run(workspace, case, as_user, password, command="network roles") as run:
            result = _case_analysis(run, canonical=canonical, relation=relation, dataset=dataset,
                                    focus_on=focus_on, labels=labels)
            rows = [r.to_dict() for r in findings.roles(run.view, result) if r.rank <= top]
    if json is not None:
        write_json(rows, json)
        return
    _show_roles(rows, top)
    if rows and "inputs" in rows[0]:
        _say_inputs(rows[0])


def _case_only(*, seeds: int | None, resolution: float = 1.0, layer_kind: list[str] | None = None) -> None:
    """Options the case pipeline fixes (one seed count and resolution for every view)."""
    if layer_kind:
        raise InputError("--layer-kind applies to network files; a case's relations carry their kinds",
                         field="layer-kind")
    for name, given in (("seeds", seeds is not None), ("resolution", resolution != 1.0)):
        if given:
            raise InputError(f"--{name} applies to network files; a case uses the case pipeline's "
                             f"settings ({pipeline.SEEDS} Leiden seeds, resolution 1)", field=name)


def _case_analysis(run: CaseRun, *, canonical: str, relation: list[str] | None,
                   dataset: list[str] | None, focus_on: list[str] | None,
                   labels: Path | None = None) -> dict[str, Any]:
    options = _options(canonical, relation, dataset, focus_on=focus_on, labels=labels)
    result, _ = pipeline.case_analysis(run.caller, run.ref, run.view, options=options)
    assert result is not None  # a CLI caller computes at once
    return result


def _options(canonical: str, relation: list[str] | None, dataset: list[str] | None, *,
             focus_on: list[str] | None = None, labels: Path | None = None) -> pipeline.Options:
    """The pipeline options of the store options (datasets must be visible in the case)."""
    mapping: str | tuple[tuple[str, str], ...] = canonical
    if canonical not in ("auto", "none"):
        mapping = tuple(sorted(_canonical_file(canonical).items()))
    return pipeline.Options(datasets=tuple(sorted(dataset)) if dataset else None, canonical=mapping,
                            weights=tuple(sorted(_relation_weights(relation).items())),
                            focus=tuple(focus_on or ()),
                            labels=tuple(sorted(read_labels(labels).items())) if labels else ())


def _say_inputs(out: dict[str, Any]) -> None:
    inputs = out.get("inputs")
    if inputs and not inputs["disclosed"]:
        console.print(f"[yellow]persons are shown as tokens: this {inputs['reason']}[/]")


@app.command("timeslices")
def timeslices(
    files: Slices = None, fmt: Fmt = None, directed: Directed = None, weights: Weights = "strength",
    convention: Annotated[str, typer.Option(help="standard or anastasiadis2024.")] = "standard",
    period: Annotated[str, typer.Option(help="Store only: month, quarter or year.")] = "quarter",
    workspace: WorkspaceOption = None, canonical: Canonical = "auto", dataset: Dataset = None,
    case: CaseOption = None, as_user: AsOption = None, password: PasswordOption = None,
    json: Json = None,
) -> None:
    """The same measures per period (files = one per period; store = dated relations).
    On the store: the entity graph of --case's datasets as --as USER may see them (audited)."""
    if files:
        slices = slices_from_files(files, directed=directed)
        for _, graph in slices:
            _say_relations(_relations(graph).get("relations", []))
        result = analyse_slices(slices, weights=weights, convention=convention)
    else:
        with case_run(workspace, case, as_user, password, command="network timeslices") as run:
            found, _ = pipeline.timeslices(run.caller, run.ref, run.view, period=period, weights=weights,
                                           convention=convention, options=_options(canonical, None, dataset))
            assert found is not None  # a CLI caller computes at once
            result = findings.timeslices(run.view, found)
    if json is not None:
        write_json(result, json)
        return
    keys = [k for k in result["series"] if "centralisation" in k]
    table = Table("slice", "nodes", "edges", *keys)
    for row in result["slices"]:
        m = row["metrics"]
        table.add_row(row["slice"], str(m["nodes"]), str(m["edges"]), *(f"{m[k]:.4f}" for k in keys))
    console.print(table)
    _say_inputs(result)


def _groups(option: str | None, graph: ig.Graph, membership: list[int] | None) -> list[str]:
    """Group per node: from a CSV file (node,group), or the Leiden communities."""
    if option is None or option == "communities":
        parts = membership if membership is not None else leiden(graph, seeds=3).membership
        return [f"community-{c}" for c in parts]
    path = Path(option)
    if not path.is_file():
        raise InputError("groups file not found", file=option)
    labels: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        cells = [c.strip().strip('"') for c in line.split(",")]
        if number == 1 and len(cells) >= 2 and cells[0].lower() in ("node", "id", "name"):
            continue
        if len(cells) < 2 or not cells[0]:
            raise InputError("expected node,group", file=option, line=number)
        labels[cells[0]] = cells[1]
    return [labels.get(name, "unknown") for name in graph.vs["name"]]


@app.command("brokerage")
def brokerage(
    files: Files = None, fmt: Fmt = None, directed: Directed = None,
    groups: Annotated[str | None, typer.Option(
        help="CSV node,group (on the store: nodes by the id shown to you), or 'communities' (default) "
             "to use the Leiden communities (on the store: the case pipeline's).")] = None,
    top: Annotated[int, typer.Option(help="Rows to print.")] = 15,
    workspace: WorkspaceOption = None, canonical: Canonical = "auto", relation: Relation = None,
    dataset: Dataset = None, focus_on: Focus = None, case: CaseOption = None, as_user: AsOption = None,
    password: PasswordOption = None, json: Json = None, layer_kind: LayerKind = None,
) -> None:
    """Burt's constraint and effective size, Gould–Fernandez brokerage roles per node.
    On the store: the case pipeline's person network of --case as --as USER may see it (audited)."""
    membership: list[int] | None = None
    shown: list[str] | None = None
    if files:
        g = _file_graph(files, fmt=fmt, directed=directed, kinds=layer_kind, relation=relation)
    else:
        _case_only(seeds=None, layer_kind=layer_kind)
        g, basis = _case_people(workspace, case, as_user, password, command="network brokerage",
                                canonical=canonical, relation=relation, dataset=dataset, focus_on=focus_on)
        shown = [str(x) for x in g.vs["label"]]
        if g.vcount() and None not in g.vs["community"]:
            membership = list(g.vs["community"])
    labels = _groups(groups, g, membership)  # after naming: a groups file cannot tie a token to an id
    counts = gould_fernandez(g, groups=labels)
    burt_c, burt_e = constraint(g), effective_size(g)
    rows = [{"id": name, "group": label, "constraint": c, "effective_size": e} | k
            for name, label, c, e, k in zip(g.vs["name"], labels, burt_c, burt_e, counts)]
    if shown is not None:
        rows = [{"id": r["id"], "name": name} | r for r, name in zip(rows, shown)]
    rows.sort(key=lambda r: -sum(r[x] for x in GF_ROLES))
    out: dict[str, Any] = {"groups": groups or "communities", "nodes": rows} | _relations(g)
    if shown is not None:
        out["inputs"] = basis
    if json is not None:
        write_json(out, json)
        return
    table = Table("id", *(["name"] if shown is not None else []), "group", "constraint", "eff. size", *GF_ROLES)
    for r in rows[:top]:
        table.add_row(r["id"], *([r["name"]] if shown is not None else []), r["group"], f"{r['constraint']:.3f}",
                      f"{r['effective_size']:.2f}", *(str(r[x]) for x in GF_ROLES))
    console.print(table)
    _say_inputs(out)
