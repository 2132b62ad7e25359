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
    releases,
    review,
    system,
)

ROUTERS = [
    system.router, auth.router, cases.router, network.router, entities.router, disrupt.router,
    finance.router, review.router, ingest.router, audit.router,
]
ROUTERS.append(releases.router)
