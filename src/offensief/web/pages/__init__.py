"""Server-rendered pages (Jinja2 + htmx), one module per area."""

from offensief.web.pages import (
    account,
    audit,
    auth,
    cases,
    disrupt,
    entities,
    finance,
    programme,
    protect,
    releases,
    review,
    workbench,
    workspace,
)
from offensief.web.pages import corrections as correction_pages
from offensief.web.pages import prevent as prevent_pages

PAGE_ROUTERS = [
    auth.router, cases.router, workspace.router, entities.router, disrupt.router, finance.router,
    review.router, audit.router, programme.router, protect.router, prevent_pages.router,
    releases.router, workbench.router,
]
PAGE_ROUTERS += [account.router, correction_pages.router]
