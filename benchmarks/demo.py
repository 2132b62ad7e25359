"""Demo-world generator: time, peak memory and output per size.

Run: ``.venv/bin/python benchmarks/demo.py [small medium large]``. Each size runs in its own
process (so peak memory is that size's); writes ``benchmarks/results/demo.json``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import json, resource, sys, time
from pathlib import Path
from offensief.demo.generator import generate
started, cpu = time.perf_counter(), time.process_time()
result = generate(seed=7, size=sys.argv[1], out=Path(sys.argv[2]))
wall, cpu = time.perf_counter() - started, time.process_time() - cpu
size = sum(p.stat().st_size for p in Path(sys.argv[2]).rglob("*") if p.is_file())
print(json.dumps({"size": sys.argv[1], "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                  "bytes": size, "counts": result.counts}))
"""


def run(size: str) -> dict[str, object]:
    """Generate one size in a fresh process and return its measurements."""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", CHILD, size, str(Path(tmp) / "world")],
                             check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(sizes: list[str]) -> None:
    results = []
    for size in sizes:
        row = run(size)
        counts = row["counts"]
        payments = counts["bank-transacties"]["Payment"]  # type: ignore[index]
        entities = sum(sum(c.values()) for c in counts.values())  # type: ignore[union-attr]
        row["payments"], row["entities"] = payments, entities
        row["payments_per_cpu_s"] = round(payments / row["cpu_s"])  # type: ignore[operator]
        print(f"{size:<7} {entities:>10,} entities {payments:>10,} payments  wall {row['wall_s']:>6} s"
              f"  cpu {row['cpu_s']:>6} s  peak {row['peak_rss_mb']:>5} MB  {row['bytes'] / 1e6:>7.1f} MB written")
        results.append(row)
    load = os.getloadavg()
    out = Path(__file__).parent / "results" / "demo.json"
    out.write_text(json.dumps({"measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                               "load_average": load, "results": results}, indent=2))
    print(f"load average during the run: {load[0]:.1f} (2 cores); wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["small", "medium", "large"])
