"""Check a response against what the contract promises for its operation and status.

Used by the sandbox's own tests (every response they see) and offered to other suites through
`qolo_sandbox.testing.check_response`.
"""

from __future__ import annotations

from typing import Any

import orjson

from ._contract import Contract, ResponseSpec

__all__ = ["ResponseChecker"]

# The transport limits' statuses (a request that arrived too slowly, a header section too
# large): the contract's Limits convention says any operation may answer them, undeclared.
_TRANSPORT_LIMITS = frozenset({408, 431})


class ResponseChecker:
    """Compares status, required headers, media type and body with openapi.yaml."""

    def __init__(self, contract: Contract) -> None:
        self._contract = contract
        problem = contract.schema_validator("Problem")
        self._problem = ResponseSpec({}, {"application/problem+json": problem})

    def check(
        self, method: str, path: str, status: int, headers: dict[str, str], body: bytes
    ) -> list[str]:
        """What contradicts the contract; `path` as sent (percent-encoded, maybe a query)."""
        if path.startswith("/_sandbox/"):
            return []
        where = f"{method} {path} -> {status}"
        head = method == "HEAD"
        if head:  # GET without the body: GET's statuses and headers, and no content at all
            if body:
                return [f"{where}: a HEAD answer with a body"]
            method = "GET"
        problems: list[str] = []
        if "x-request-id" not in headers:
            problems.append(f"{where}: no X-Request-Id header")
        found = self._contract.match_raw(path)
        if found is None:
            if status != 404:
                problems.append(f"{where}: an unknown path must answer 404")
            return problems + self._check_spec(where, self._problem, headers, body, head)
        route, _ = found
        operation = route.operations.get(method)
        if operation is None:
            if status != 405 or "allow" not in headers:
                problems.append(f"{where}: an undeclared method must answer 405 with Allow")
            return problems + self._check_spec(where, self._problem, headers, body, head)
        spec = operation.response_spec(status)
        if spec is None and status in _TRANSPORT_LIMITS:
            spec = self._problem  # any path may meet them: the contract declares them once
        if spec is None:
            problems.append(f"{where}: status not declared for {operation.operation_id}")
            return problems
        return problems + self._check_spec(where, spec, headers, body, head)

    def _check_spec(
        self,
        where: str,
        spec: ResponseSpec,
        headers: dict[str, str],
        body: bytes,
        head: bool = False,
    ) -> list[str]:
        problems: list[str] = []
        for name, validator in spec.required_headers.items():
            if name not in headers:
                problems.append(f"{where}: required header {name} missing")
                continue
            value: Any = headers[name]
            if value.isdigit():
                value = int(value)
            for error in validator.iter_errors(value):
                problems.append(f"{where}: header {name}: {error.message}")
        if not spec.media_types:
            if body:
                problems.append(f"{where}: a body where the contract declares none")
            return problems
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type not in spec.media_types:
            problems.append(f"{where}: content-type {media_type!r} not in {list(spec.media_types)}")
            return problems
        if head:
            return problems
        schema = spec.media_types[media_type]
        try:
            document = orjson.loads(body)
        except orjson.JSONDecodeError:
            return [*problems, f"{where}: body is not JSON"]
        if schema is not None:
            for error in schema.iter_errors(document):
                pointer = "/" + "/".join(str(p) for p in error.instance_path)
                problems.append(f"{where}: body {pointer}: {error.message}")
        return problems
