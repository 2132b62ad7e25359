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
    prevent,
    programme,
    protect,
    releases,
    review,
    system,
    workbench,
)

ROUTERS = [
    system.router, auth.router, cases.router, network.router, entities.router, disrupt.router,
    finance.router, review.router, ingest.router, audit.router, programme.router,
    protect.router, prevent.router, releases.router,
]
ROUTERS.append(workbench.router)
