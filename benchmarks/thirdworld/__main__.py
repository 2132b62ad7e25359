"""``python -m thirdworld --out DIR --size small --seed 5`` (from benchmarks/)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import generate

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("--out", type=Path, required=True)
ap.add_argument("--size", choices=("small", "full"), default="small")
ap.add_argument("--seed", type=int, default=7)
args = ap.parse_args()
print(json.dumps(generate(args.out, seed=args.seed, size=args.size), indent=1))
