"""Load test of the web API: concurrent users on the demo case, p95 latency per route.

    flock /tmp/offensief-bench.lock .venv/bin/python benchmarks/load.py [--users 50] [--seconds 30]
        [--single-seconds 10] [--size small] [--workspace DIR] [--no-render]

Builds the demo world (``offensief.demo``, seed 7) in a fresh workspace with the demo users
(``offensief.cases.seed``) unless ``--workspace`` names a ready one, starts ``offensief serve``
in its own process on a free port, warms the analyses of each viewer (network, roles, alerts,
what-if), runs one user alone for ``--single-seconds`` (each route's own latency) and then
``--users`` concurrent virtual users (asyncio + httpx, bearer tokens of three partners with
different views) for ``--seconds``, recording the server's CPU time and the load average.
Unless ``--no-render``, also times drawing the 5k-node network in headless Chromium. Prints a
table and updates its keys of ``benchmarks/results/load.json`` (others' keys stay).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import sync_playwright

from offensief.cases.seed import DEMO_CASE, demo_password, seed_demo_workspace
from offensief.demo.generator import generate
from offensief.ingest import ingest_manifest
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace

RESULTS = Path(__file__).parent / "results" / "load.json"
ACCOUNTS = ("politie", "fiod", "gemeente")  # three different views of the case
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def build_workspace(root: Path, *, size: str) -> tuple[Workspace, float]:
    started = time.perf_counter()
    result = generate(seed=7, size=size, out=root / "data")
    ws = Workspace.init(root / "ws")
    with Store.open(ws) as store:
        ingest_manifest(store, result.out / "datasets.json")
    seed_demo_workspace(ws)
    return ws, time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SERVER_LOG = RESULTS.parent / "load-server.log"


def serve(ws: Workspace, port: int) -> subprocess.Popen[bytes]:
    """``offensief serve`` in its own process; its output goes to a file (a pipe nobody reads
    would fill up and stall the server)."""
    env = os.environ | {"OMP_NUM_THREADS": "1"}
    cmd = [sys.executable, "-m", "offensief.cli.app", "serve", "--workspace", str(ws.root),
           "--port", str(port), "--workers", "2"]
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    log = SERVER_LOG.open("wb")
    return subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server: politely, then by force after 30 s."""
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_up(base: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {SERVER_LOG.read_text()[-2000:]}")
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("server did not start")


def until_done(client: httpx.Client, method: str, url: str, **kwargs: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    while True:
        response = client.request(method, url, **kwargs)
        if response.status_code == 200:
            return response.json(), time.perf_counter() - started
        if response.status_code != 202:
            raise SystemExit(f"{url}: {response.status_code} {response.text[:300]}")
        time.sleep(1.0)


def warm(base: str, tokens: dict[str, str], case_id: int) -> dict[str, Any]:
    """Compute each viewer's analyses once (background jobs), return nodes and timings."""
    out: dict[str, Any] = {}
    with httpx.Client(base_url=base, timeout=600) as client:
        for account, token in tokens.items():
            headers = {"Authorization": f"Bearer {token}"}
            network, took = until_done(client, "GET", f"/api/cases/{case_id}/network",
                                       params={"limit": 20000}, headers=headers)
            _, alerts_took = until_done(client, "GET", f"/api/cases/{case_id}/finance/alerts", headers=headers)
            _, whatif_took = until_done(client, "POST", f"/api/cases/{case_id}/disrupt/whatif", headers=headers,
                                        json={"strategy": "degree", "mode": "sequential", "steps": 10})
            ids = [n["id"] for n in network["nodes"][:300]]
            # a pseudonymised network names its nodes by subject tokens, which never open a
            # profile (the derived-data rule): such a viewer opens entities it finds by search
            profiles = [i for i in ids if not i.startswith("tok_")] or [
                h["id"] for h in client.get(f"/api/cases/{case_id}/search", headers=headers,
                                            params={"q": "Jong", "limit": 200}).json()["hits"]]
            out[account] = {"nodes": network["total_nodes"], "edges": len(network["edges"]),
                            "ids": ids, "profiles": profiles,
                            "network_seconds": round(took, 1), "alerts_seconds": round(alerts_took, 1),
                            "whatif_seconds": round(whatif_took, 1)}
            print(f"  warmed {account}: {network['total_nodes']:,} nodes, {len(network['edges']):,} edges, "
                  f"network {took:.0f} s, alerts {alerts_took:.0f} s, what-if {whatif_took:.0f} s", flush=True)
    return out


ROUTES = (  # (name, weight)
    ("GET /api/cases", 2), ("GET /api/cases/{id}", 2), ("GET network?limit=500", 3),
    ("GET entities/{entity}", 4), ("GET network/neighbours", 3), ("GET network/path", 2),
    ("GET network/roles", 1), ("GET finance/alerts", 1), ("POST disrupt/whatif (cached)", 1),
    ("GET /api/health", 1),
)


async def user(n: int, base: str, token: str, case_id: int, ids: list[str], profiles: list[str],
               until: float, samples: dict[str, list[float]], errors: dict[str, int],
               statuses: dict[str, int]) -> None:
    rng = random.Random(n)
    names = [r for r, w in ROUTES for _ in range(w)]
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120) as client:
        while time.perf_counter() < until:
            route = rng.choice(names)
            a, b = rng.choice(ids), rng.choice(ids)
            c = f"/api/cases/{case_id}"
            request = {
                "GET /api/cases": ("GET", "/api/cases", {}),
                "GET /api/cases/{id}": ("GET", c, {}),
                "GET network?limit=500": ("GET", f"{c}/network", {"params": {"limit": 500}}),
                "GET entities/{entity}": ("GET", f"{c}/entities/{rng.choice(profiles)}", {}),
                "GET network/neighbours": ("GET", f"{c}/network/neighbours", {"params": {"entity": a}}),
                "GET network/path": ("GET", f"{c}/network/path", {"params": {"source": a, "target": b}}),
                "GET network/roles": ("GET", f"{c}/network/roles", {}),
                "GET finance/alerts": ("GET", f"{c}/finance/alerts", {"params": {"limit": 50}}),
                "POST disrupt/whatif (cached)": ("POST", f"{c}/disrupt/whatif",
                                                 {"json": {"strategy": "degree", "mode": "sequential", "steps": 10}}),
                "GET /api/health": ("GET", "/api/health", {}),
            }[route]
            started = time.perf_counter()
            try:
                response = await client.request(request[0], request[1], **request[2])
                status = str(response.status_code)
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            samples.setdefault(route, []).append(time.perf_counter() - started)
            # a path between two entities in different components is a valid 200 with no nodes
            if status != "200":
                errors[route] = errors.get(route, 0) + 1
                statuses[f"{route} {status}"] = statuses.get(f"{route} {status}", 0) + 1


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


#: Counted after each timed draw, outside the timing: painted pixels of Cytoscape's node
#: canvas and of the edge layer, so "drawn" cannot mean an empty canvas.
PAINTED = """() => {
  const count = canvas => {
    if (!canvas) return 0;
    const ctx = canvas.getContext("2d"), px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
    return n;
  };
  return { nodes: count(document.querySelector("#cy canvas[data-id=layer2-node]")),
           edges: count(document.querySelector("#cy canvas.edge-layer")) };
}"""


def render_network(base: str, case_id: int, limit: int, *, runs: int = 5) -> dict[str, Any]:
    """Time drawing the ``limit`` most central nodes in headless Chromium: from the click on
    Apply (the fetch starts) until the page reports the network drawn (Cytoscape built with
    the server's layout and two animation frames painted). ``runs`` draws; the median counts.
    Also times the first view (navigation to the default 2,000-node view drawn)."""
    load_before = os.getloadavg()
    walls: list[float] = []
    draws: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900}, base_url=base)
        page.goto("/login")
        page.fill("#username", "politie")
        page.fill("#password", demo_password("politie"))
        page.click("button[type=submit]")
        page.wait_for_url("**/")
        started = time.perf_counter()
        page.goto(f"/cases/{case_id}")
        page.wait_for_function("document.getElementById('network').dataset.ready === '1'", timeout=600_000)
        first_view = time.perf_counter() - started
        page.fill("#limit", str(limit))
        for _ in range(runs):
            started = time.perf_counter()
            page.click("#net-filter button[type=submit]")
            page.wait_for_function("document.getElementById('network').dataset.ready === '1'", timeout=120_000)
            walls.append(time.perf_counter() - started)
            draws.append(int(page.get_attribute("#network", "data-render-ms") or 0) / 1000)
        nodes = int(page.get_attribute("#network", "data-nodes") or 0)
        edges = int(page.get_attribute("#network", "data-edges") or 0)
        painted = page.evaluate(PAINTED)
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(RESULTS.parent / "load-network.png"))
        browser.close()
    return {"nodes": nodes, "edges_drawn": edges, "runs": runs,
            "draw_seconds": round(statistics.median(draws), 3),
            "fetch_and_draw_seconds": round(statistics.median(walls), 3),
            "fetch_and_draw_max_seconds": round(max(walls), 3),
            "fetch_and_draw_all_seconds": [round(w, 3) for w in walls],
            "first_view_seconds": round(first_view, 3),
            "painted_pixels": painted, "target_seconds": 2.0,
            "loadavg_before": [round(x, 2) for x in load_before],
            "loadavg_after": [round(x, 2) for x in os.getloadavg()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--size", default="small")
    parser.add_argument("--workspace", type=Path, default=None)
    parser.add_argument("--render-nodes", type=int, default=5000)
    parser.add_argument("--render", action=argparse.BooleanOptionalAction, default=True,
                        help="also time drawing the network in Chromium (benchmarks/render.py does only that)")
    parser.add_argument("--single-seconds", type=float, default=10.0,
                        help="first one user alone for this long: each route's own latency, no queueing")
    args = parser.parse_args()
    build_seconds = 0.0
    tmp = tempfile.TemporaryDirectory(prefix="offensief-load-")
    if args.workspace is None:
        print(f"building the demo world ({args.size})…", flush=True)
        ws, build_seconds = build_workspace(Path(tmp.name), size=args.size)
    else:
        ws = Workspace.open(args.workspace)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = serve(ws, port)
    try:
        wait_up(base, proc)
        tokens = {a: httpx.post(f"{base}/api/auth/token", json={"username": a, "password": demo_password(a)},
                                timeout=60).json()["token"] for a in ACCOUNTS}
        case_id = next(c["id"] for c in httpx.get(f"{base}/api/cases", timeout=60,
                       headers={"Authorization": f"Bearer {tokens['politie']}"}).json() if c["name"] == DEMO_CASE)
        print("warming the analyses (background jobs)…", flush=True)
        warmed = warm(base, tokens, case_id)
        single: dict[str, Any] = {}
        if args.single_seconds > 0:
            print(f"1 user for {args.single_seconds:.0f} s…", flush=True)
            alone, _, _, _ = drive(base, tokens, case_id, warmed, users=1, seconds=args.single_seconds)
            single = {route: {"requests": len(v), "p50_ms": round(1000 * statistics.median(v), 1)}
                      for route, v in sorted(alone.items())}
        print(f"{args.users} users for {args.seconds:.0f} s…", flush=True)
        load_before, cpu_before = os.getloadavg(), cpu_seconds(proc.pid)
        samples, errors, statuses, elapsed = drive(base, tokens, case_id, warmed, users=args.users,
                                                   seconds=args.seconds)
        cpu = cpu_seconds(proc.pid) - cpu_before
        routes = {
            route: {"requests": len(v), "errors": errors.get(route, 0),
                    "p50_ms": round(1000 * statistics.median(v), 1), "p95_ms": round(1000 * percentile(v, 0.95), 1),
                    "max_ms": round(1000 * max(v), 1)}
            for route, v in sorted(samples.items())
        }
        total = sum(len(v) for v in samples.values())
        result: dict[str, Any] = {
            "users": args.users, "seconds": round(elapsed, 1), "size": args.size,
            "requests": total, "errors": sum(errors.values()), "error_statuses": statuses,
            "throughput_rps": round(total / elapsed, 1), "build_seconds": round(build_seconds, 1),
            "case_network": {a: {k: v for k, v in w.items() if k != "ids"} for a, w in warmed.items()},
            "routes": routes,
            "single_user": single,
            # CPU of the server process while the users ran: the cost of a request, whatever
            # else the shared machine was doing
            "server_cpu_seconds": round(cpu, 2),
            "server_cpu_ms_per_request": round(1000 * cpu / total, 1) if total else None,
            "loadavg_before": [round(x, 2) for x in load_before],
            "loadavg_after": [round(x, 2) for x in os.getloadavg()],
            "machine": {"cpus": os.cpu_count(), "note": "2 cores shared with other work; absolute times are noisy"},
        }
        print(f"\n{'route':<32}{'requests':>9}{'errors':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'alone ms':>10}")
        for route, row in routes.items():
            alone = single.get(route, {}).get("p50_ms", "")
            print(f"{route:<32}{row['requests']:>9}{row['errors']:>7}{row['p50_ms']:>9}{row['p95_ms']:>9}"
                  f"{row['max_ms']:>9}{alone:>10}")
        print(f"\n{total} requests, {result['errors']} errors, {result['throughput_rps']} req/s, "
              f"server CPU {result['server_cpu_ms_per_request']} ms per request, "
              f"load average {result['loadavg_before'][0]}", flush=True)
        write(result)
        if not args.render:
            return
        try:
            result["render"] = render_network(base, case_id, args.render_nodes)
            render = result["render"]
            print(f"{render['nodes']} nodes drawn in {render['draw_seconds']:.2f} s "
                  f"(fetch + draw {render['fetch_and_draw_seconds']:.2f} s)")
        except Exception as exc:  # the load numbers stand on their own  # noqa: BLE001
            result["render"] = {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}
            print(f"render failed: {result['render']['error']}")
        write(result)
    finally:
        stop(proc)
    tmp.cleanup()


def drive(base: str, tokens: dict[str, str], case_id: int, warmed: dict[str, Any], *, users: int,
          seconds: float) -> tuple[dict[str, list[float]], dict[str, int], dict[str, int], float]:
    """``users`` concurrent virtual users for ``seconds``: samples per route, errors, statuses
    and the elapsed time."""
    samples: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    statuses: dict[str, int] = {}
    accounts = list(tokens)

    async def run() -> None:
        until = time.perf_counter() + seconds
        await asyncio.gather(*(
            user(i, base, tokens[accounts[i % len(accounts)]], case_id,
                 warmed[accounts[i % len(accounts)]]["ids"], warmed[accounts[i % len(accounts)]]["profiles"],
                 until, samples, errors, statuses)
            for i in range(users)))

    started = time.perf_counter()
    asyncio.run(run())
    return samples, errors, statuses, time.perf_counter() - started


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def write(result: dict[str, Any]) -> None:
    """Update our keys of the results file; keys written by others (``render`` by
    ``benchmarks/render.py``) stay unless this run measured them too."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    merged = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    merged.update(result)
    RESULTS.write_text(json.dumps(merged, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
