"""Change your own password from the browser (the same rules as ``POST /api/auth/password``).

The current password is checked like a login (backed off per source and account, audited);
then every session and API token of the user ends, this browser's too, and this browser
gets a fresh session id so the user stays logged in here only.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form
from fastapi.responses import HTMLResponse, Response

from offensief.access import sessions
from offensief.access.actors import MIN_PASSWORD, authenticate, change_password
from offensief.api.deps import Context, client_source, context
from offensief.api.security import COOKIE, SessionCodec, cookie_options
from offensief.model.errors import AuthenticationError, InputError
from offensief.web.pages.common import render

router = APIRouter()
TEMPLATE = "account_password.html"


@router.get("/account/password", response_class=HTMLResponse)
def password_form(ctx: Context = Depends(context)) -> Response:
    return render(ctx, TEMPLATE, minimum=MIN_PASSWORD)


@router.post("/account/password", response_class=HTMLResponse)
def password_change(
    ctx: Context = Depends(context),
    current: str = Form(..., max_length=200),
    new: str = Form(..., max_length=200),
    repeat: str = Form(..., max_length=200),
) -> Response:
    """Check the current password, set the new one, end every other session and token."""
    def refuse(message: str, status: int, retry_after: object = None) -> Response:
        response = render(ctx, TEMPLATE, status_code=status, minimum=MIN_PASSWORD, flash=message,
                          flash_kind="error")
        if retry_after is not None:
            response.headers["Retry-After"] = str(retry_after)
        return response

    if new != repeat:
        return refuse("The two new passwords differ; nothing was changed.", 400)
    if len(new) < MIN_PASSWORD:
        return refuse(f"A password needs at least {MIN_PASSWORD} characters; nothing was changed.", 400)
    try:
        authenticate(ctx.db, username=ctx.actor.username, password=current, source=client_source(ctx.request))
        counts = change_password(ctx.db, username=ctx.actor.username, new=new, old=current, actor=ctx.actor)
    except AuthenticationError as exc:
        status = 429 if exc.code == "too_many_attempts" else 401
        message = str(exc) if status == 429 else "The current password is wrong; nothing was changed."
        return refuse(message, status, exc.details.get("retry_after") if status == 429 else None)
    except InputError as exc:
        return refuse(str(exc), 400)
    if ctx.web_session is None:  # a bearer token: it was revoked with the others
        return render(ctx, TEMPLATE, minimum=MIN_PASSWORD, done=counts, flash="Password changed.")
    codec: SessionCodec = ctx.request.app.state.codec
    fresh = codec.new()
    sessions.start(ctx.db, session_id=fresh.nonce, user_id=ctx.actor.id, source=client_source(ctx.request))
    others = max(counts["sessions_ended"] - 1, 0)
    response = render(ctx, TEMPLATE, minimum=MIN_PASSWORD, done=counts, csrf=codec.csrf_token(fresh),
                      flash=f"Password changed. Ended {others} other session(s) and "
                            f"{counts['tokens_revoked']} API token(s).")
    response.set_cookie(COOKIE, codec.dumps(fresh), **cookie_options(secure=ctx.request.app.state.secure_cookies,
                                                                      max_age=codec.max_age))
    return response
