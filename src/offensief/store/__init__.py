"""The analytical store: workspace folder and DuckDB statements with derived tables."""

from offensief.store.duckstore import LoadResult, Store
from offensief.store.workspace import Workspace

__all__ = ["LoadResult", "Store", "Workspace"]
