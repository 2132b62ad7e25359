"""Drawing the case network in headless Chromium: the ``render`` part of ``load.json``.

    flock /tmp/offensief-bench.lock .venv/bin/python benchmarks/render.py [--nodes 5000] [--runs 5]

Builds the demo world (seed 7, ``--size small``) like ``benchmarks/load.py`` unless
``--workspace`` names a ready one, serves it, computes the case network once (a background
job), then times :func:`load.render_network`: from the click on Apply (the fetch of the
``--nodes`` most central nodes starts) until the page reports them drawn. Only the
``render`` key of ``benchmarks/results/load.json`` is replaced; the load test's numbers
stay as ``load.py`` wrote them. The target is under 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

import httpx
from load import (
    RESULTS,
    build_workspace,
    free_port,
    render_network,
    serve,
    stop,
    until_done,
    wait_up,
)

from offensief.cases.seed import DEMO_CASE, demo_password
from offensief.store.workspace import Workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", default="small")
    parser.add_argument("--workspace", type=Path, default=None)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="offensief-render-")
    if args.workspace:
        ws = Workspace.open(args.workspace)
    else:
        ws, _ = build_workspace(Path(tmp.name), size=args.size)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = serve(ws, port)
    try:
        wait_up(base, proc)
        login = {"username": "politie", "password": demo_password("politie")}
        token = httpx.post(f"{base}/api/auth/token", timeout=60, json=login).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, timeout=600, headers=headers) as client:
            cases = client.get("/api/cases").json()
            case_id = next(c["id"] for c in cases if c["name"] == DEMO_CASE)
            network, took = until_done(client, "GET", f"/api/cases/{case_id}/network",
                                       params={"limit": 1})
        print(f"case network computed in {took:.0f} s ({network['total_nodes']:,} nodes); "
              "drawing…", flush=True)
        render = render_network(base, case_id, args.nodes, runs=args.runs) | {
            "total_nodes": network["total_nodes"], "network_job_seconds": round(took, 1),
            "machine": {"cpus": os.cpu_count()}}
    finally:
        stop(proc)
        tmp.cleanup()
    print(f"{render['nodes']} nodes, {render['edges_drawn']} edges drawn: fetch + draw median "
          f"{render['fetch_and_draw_seconds']:.2f} s "
          f"(max {render['fetch_and_draw_max_seconds']:.2f} s, "
          f"draw {render['draw_seconds']:.2f} s), first view {render['first_view_seconds']:.2f} s; "
          f"load {render['loadavg_before']}")
    result = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    result["render"] = render
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote the render part of {RESULTS}")


if __name__ == "__main__":
    main()
