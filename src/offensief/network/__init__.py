"""Network analysis: graphs from files and the store, measures, communities, roles, time slices."""

from offensief.network.io import read_network

__all__ = ["read_network"]
