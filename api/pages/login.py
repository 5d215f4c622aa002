"""Signing in to the pages (登录): an API token, kept in an HttpOnly cookie.

The app only answers GET and HEAD (writes are refused by the read-only layer), so:

* ``/pages/login`` shows a form; its script sends the token as ``Authorization: Bearer`` to
  ``/pages/session``, which checks it against the token store and sets the cookie. The token
  never appears in a URL, so no access log or browser history holds it. A link may carry it
  in the fragment, ``/pages/login#token=...``, which browsers never send to the server.
* Without scripts, the form falls back to ``/pages/login?token=...``, which signs in and
  redirects so the token leaves the address bar (the server's access log still sees it).

The cookie is HttpOnly (scripts cannot read it), SameSite=Lax, Secure on HTTPS, and lasts
eight hours; ``/pages/logout`` clears it.
"""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from api.auth import current_principal
from api.errors import Unauthenticated
from api.pages.access import COOKIE, COOKIE_SECONDS, page_principal
from api.pages.rendering import render
from api.pages.routing import page_router
from api.resources import Resources

router = page_router()


@router.get("/pages/login")
def login_page(request: Request, token: str | None = None, next: str = "/") -> Response:  # noqa: A002 - the query parameter's name
    """The sign-in form; with ``token`` (the no-script fallback) sign in and go to ``next``."""
    page_principal(request)
    if token is None:
        return render(request, "login.html", next=safe_next(next), failed=False)
    resources: Resources = request.app.state.resources
    record = resources.token(token.strip()) if token.strip() else None
    if record is None or record.is_revoked:
        return render(request, "login.html", status_code=401, next=safe_next(next),
                      failed=True)
    return with_cookie(RedirectResponse(safe_next(next), status_code=303), request,
                       token.strip())


@router.get("/pages/session")
def start_session(request: Request) -> Response:
    """Check the ``Authorization: Bearer`` token and keep it in the page cookie (204)."""
    if request.headers.get("authorization") is None:
        raise Unauthenticated("send the token as Authorization: Bearer <token>")
    current_principal(request)
    token = request.headers["authorization"].partition(" ")[2].strip()
    return with_cookie(Response(status_code=204), request, token)


@router.get("/pages/logout")
def logout(request: Request) -> Response:
    """Forget the cookie and go back to the overview."""
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def with_cookie(response: Response, request: Request, token: str) -> Response:
    """The response, setting the HttpOnly page cookie to ``token``."""
    response.set_cookie(COOKIE, token, max_age=COOKIE_SECONDS, path="/", httponly=True,
                        samesite="lax", secure=request.url.scheme == "https")
    response.headers["Cache-Control"] = "no-store"
    return response


def safe_next(path: str) -> str:
    """Only a path on this site: never another host (no open redirect)."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path
