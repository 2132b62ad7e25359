"""Server-rendered pages (Jinja2 + htmx), one module per area."""

from offensief.web.pages import (
    audit,
    auth,
    cases,
    disrupt,
    entities,
    finance,
    review,
    workbench,
    workspace,
)

PAGE_ROUTERS = [
    auth.router, cases.router, workspace.router, entities.router, disrupt.router, finance.router,
    review.router, audit.router,
]
PAGE_ROUTERS.append(workbench.router)
