"""Paths of the CAVIAR files used by several network tests."""

from pathlib import Path

CAVIAR = Path("/work/shared/data/networks/caviar")
AGGREGATE = CAVIAR / "aggregate" / "morselli_caviar.csv"
PUBLISHED = CAVIAR / "published_results_anastasiadis2024"


def phase(number: int) -> Path:
    """The MITx coding of one of the 11 two-month phases."""
    return CAVIAR / "phases_mitx" / f"phase{number}.csv"
