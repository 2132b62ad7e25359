"""Offensief: the shortest path from scattered partner data to a defensible intervention plan."""

__version__ = "0.1.0"
