"""API routers, one module per domain."""

from offensief.api.routes import auth, cases, system

ROUTERS = [system.router, auth.router, cases.router]
