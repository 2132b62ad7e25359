"""API routers, one module per domain."""

from offensief.api.routes import (
    audit,
    auth,
    cases,
    disrupt,
    entities,
    finance,
    ingest,
    network,
    review,
    system,
    workbench,
)

ROUTERS = [
    system.router, auth.router, cases.router, network.router, entities.router, disrupt.router,
    finance.router, review.router, ingest.router, audit.router,
]
ROUTERS.append(workbench.router)
