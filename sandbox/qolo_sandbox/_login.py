"""The `Login` operation: a credential's loginid and apikey for a bearer token."""

from __future__ import annotations

from ._handler_types import Request, Response

__all__ = ["handlers"]


async def login(request: Request) -> Response:
    auth = request.services.auth
    token = auth.login(request.body["loginid"], request.body["apikey"])
    response = request.respond(
        None, 200, {"access_token": token, "token_type": "Bearer", "expires_in": auth.ttl}
    )
    # A token is a secret: no cache may keep the response (as OAuth 2 requires).
    response.headers["Cache-Control"] = "no-store"
    return response


handlers = {"Login": login}
