"""API routers, one module per domain."""

from offensief.api.routes import audit, auth, cases, disrupt, entities, finance, network, system

ROUTERS = [
    system.router, auth.router, cases.router, network.router, entities.router, disrupt.router,
    finance.router, audit.router,
]
