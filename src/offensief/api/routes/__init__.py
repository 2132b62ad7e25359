"""API routers, one module per domain."""

from offensief.api.routes import audit, auth, cases, system

ROUTERS = [system.router, auth.router, cases.router, audit.router]
