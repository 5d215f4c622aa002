"""Signing in to the pages: the token goes once in a header, then lives in an HttpOnly cookie."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from api import tokens
from api.app import create_app
from api.pages.access import COOKIE
from api.pages.login import safe_next
from api.settings import Settings
from api.tokens import Role
from tests.pages.conftest import make_token
from tests.pages.county import County


def test_a_session_sets_an_httponly_cookie(app: FastAPI) -> None:
    """/pages/session with a Bearer token answers 204 and sets the page cookie."""
    token = make_token(app, Role.INSPECTOR, "cookie-check")
    response = TestClient(app).get("/pages/session",
                                   headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 204
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie


def test_an_unknown_token_starts_no_session(app: FastAPI) -> None:
    """A made-up token is 401 and sets nothing."""
    response = TestClient(app).get("/pages/session",
                                   headers={"Authorization": "Bearer lgr_nope"})
    assert response.status_code == 401
    assert "set-cookie" not in response.headers


def test_the_no_script_fallback_redirects_without_the_token(app: FastAPI) -> None:
    """/pages/login?token= signs in and redirects to ``next``, away from the token URL."""
    token = make_token(app, Role.DISCIPLINE, "fallback")
    response = TestClient(app).get("/pages/login", params={"token": token,
                                   "next": "/pages/cadres/C01"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/pages/cadres/C01"
    assert "HttpOnly" in response.headers["set-cookie"]


def test_a_bad_token_on_the_login_page_says_so(public: TestClient) -> None:
    """The form reports an unknown token with 401."""
    response = public.get("/pages/login", params={"token": "lgr_wrong"})
    assert response.status_code == 401
    assert "令牌无效" in response.text


def test_a_revoked_token_reads_as_the_public(county: County) -> None:
    """After revocation the cookie no longer signs in: public view with a notice."""
    app = create_app(Settings(database=county.config, token_cache_seconds=0))
    token = make_token(app, Role.DISCIPLINE, "soon-revoked")
    client = TestClient(app, cookies={COOKIE: token})
    assert client.get("/pages/households/H001").status_code == 200
    with app.state.resources.pool.connection() as db:
        tokens.revoke_token(db, "soon-revoked")
    response = client.get("/pages/households/H001")
    assert response.status_code == 401
    assert "登录已失效" in response.text
    app.state.resources.close()


def test_logout_clears_the_cookie(public: TestClient) -> None:
    """/pages/logout deletes the cookie and returns to the overview."""
    response = public.get("/pages/logout", follow_redirects=False)
    assert response.status_code == 303
    assert f'{COOKIE}=""' in response.headers["set-cookie"]


def test_next_never_leaves_the_site() -> None:
    """Only local paths are followed after sign-in (no open redirect)."""
    assert safe_next("/pages/households") == "/pages/households"
    for outside in ("https://evil.example/", "//evil.example/", "/\\evil.example", "evil"):
        assert safe_next(outside) == "/"


def test_writes_are_still_refused(public: TestClient) -> None:
    """The pages add no write: POST to the login page is 405 like every write."""
    assert public.post("/pages/login", data={"token": "x"}).status_code == 405
