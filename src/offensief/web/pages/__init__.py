"""Server-rendered pages (Jinja2 + htmx), one module per area."""

from offensief.web.pages import audit, auth, cases

PAGE_ROUTERS = [auth.router, cases.router, audit.router]
