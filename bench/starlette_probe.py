"""The sandbox's request pipeline behind Starlette: what adopting the framework would cost.

Issue #12 asked whether the raw ASGI app should become Starlette (routes from
`Contract.routes`, an `ApiError` → problem+json handler, a lifespan), keeping jsonschema-rs and
SQLite, unless that costs more than 15 % of GetCard throughput. This factory builds exactly
that around the real `SandboxApp`'s pipeline (`_operate`: authentication, validation,
idempotency, the handler), so a run against it and one against the raw app differ only in
the framework. Served through the sandbox's launcher:
`qolo-sandbox --app bench.starlette_probe:create_app` (needs `starlette` installed; it is not
a dependency of anything: this module exists for the measurement in bench/README.md).
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from qolo_sandbox._config import Config
from qolo_sandbox._contract import Route as ContractRoute
from qolo_sandbox._problems import ApiError, problem_body
from qolo_sandbox.app import SandboxApp

__all__ = ["create_app"]


def _problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    request_id = getattr(request.state, "request_id", "req_unknown")
    body = problem_body(exc.status, exc.code, exc.detail, request_id, request.url.path, exc.errors)
    return Response(
        orjson.dumps(body),
        exc.status,
        {**exc.headers, "x-request-id": request_id},
        media_type="application/problem+json",
    )


def _endpoint(sandbox: SandboxApp, route: ContractRoute) -> Any:
    async def endpoint(request: Request) -> Response:
        request_id = f"req_{random.getrandbits(96):024x}"
        request.state.request_id = request_id
        operation = route.operations.get(request.method) or route.operations["GET"]
        answer = await sandbox._operate(
            request.scope,
            request.receive,
            request_id,
            route,
            operation,
            dict(request.path_params),
        )
        headers = {**answer.headers, "x-request-id": request_id}
        if answer.status == 204:
            return Response(None, 204, headers)
        return Response(answer.body, answer.status, headers, media_type=answer.media_type)

    return endpoint


def create_app(config: Config) -> Starlette:
    """Starlette routing, error handling and lifespan around the sandbox's own pipeline."""
    sandbox = SandboxApp(config)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        sandbox.worker.start()
        yield
        await sandbox.worker.stop()
        sandbox.services.store.close()

    routes = [
        Route(route.template, _endpoint(sandbox, route), methods=sorted(route.operations))
        for route in sandbox.contract.routes
    ]
    return Starlette(routes=routes, exception_handlers={ApiError: _problem}, lifespan=lifespan)
