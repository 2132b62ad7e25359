"""The HTTP API (FastAPI): the one error shape, authentication, jobs, routes per domain."""
