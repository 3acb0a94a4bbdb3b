"""The `qolo-sandbox` command: parse options, prepare credentials, serve with uvicorn.

Every option has a `QOLO_SANDBOX_*` environment twin so CI and containers need no flags.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import secrets
import socket
import sys
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import uvicorn

from ._config import DEFAULT_TOKEN_TTL, DEFAULT_WEBHOOK_RETRY_BASE, Config, CredentialSpec
from ._store import Store

__all__ = ["build_config", "main", "parse_args"]

_DEMO_KEY = "demo_credential"
# Printed instead of a key the operator supplied: it is theirs, and logs are not the place.
_APIKEY_HIDDEN = "<from-your-credentials-file>"


def _env(name: str, default: Any = None) -> Any:
    return os.environ.get(f"QOLO_SANDBOX_{name}", default)


def _positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (a TTL or rate of 0 makes no sense)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value


def _non_negative_float(text: str) -> float:
    """An argparse type: seconds, 0 or more."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text} is not a finite number of seconds, 0 or more")
    return value


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="qolo-sandbox",
        description="A local HTTP sandbox of the Qolo card-issuing API (openapi.yaml).",
    )
    parser.add_argument("--host", default=_env("HOST", "127.0.0.1"))
    parser.add_argument(
        "--port", type=int, default=int(_env("PORT", 8000)), help="0 picks a free port"
    )
    parser.add_argument("--db", default=_env("DB"), help="SQLite file; omitted: in memory")
    parser.add_argument(
        "--credentials",
        default=_env("CREDENTIALS"),
        help="JSON list of {loginid, apikey, program_guid, read_only}; omitted: a demo one",
    )
    # String defaults go through `type` too, so the environment variables are checked alike.
    parser.add_argument(
        "--token-ttl",
        type=_positive_int,
        default=_env("TOKEN_TTL", str(DEFAULT_TOKEN_TTL)),
        help=f"token lifetime in seconds (default {DEFAULT_TOKEN_TTL}, 12 h)",
    )
    parser.add_argument(
        "--rate-limit",
        type=_positive_int,
        default=_env("RATE_LIMIT") or None,
        help="requests per second per credential (default: unlimited)",
    )
    parser.add_argument(
        "--controls",
        action="store_true",
        default=_env("CONTROLS", "") not in ("", "0", "false"),
        help="enable the /_sandbox/ test controls",
    )
    parser.add_argument(
        "--webhook-retry-base",
        type=_non_negative_float,
        default=_env("WEBHOOK_RETRY_BASE", str(DEFAULT_WEBHOOK_RETRY_BASE)),
        help="seconds before the first webhook retry; doubles each retry",
    )
    parser.add_argument("--log-level", default=_env("LOG_LEVEL", "warning"))
    parser.add_argument("--access-log", action="store_true", help="log every request line")
    parser.add_argument(
        "--app", default=_env("APP", "qolo_sandbox.app:create_app"), help=argparse.SUPPRESS
    )
    return parser.parse_args(argv)


def _load_credentials(path: str) -> list[CredentialSpec]:
    with open(path, encoding="utf-8") as handle:
        raw = json.load(handle)
    if not isinstance(raw, list) or not raw:
        raise SystemExit(f"{path}: expected a non-empty JSON list of credentials")
    try:
        return [
            CredentialSpec(
                loginid=str(item["loginid"]),
                apikey=str(item["apikey"]),
                program_guid=str(uuid.UUID(str(item["program_guid"]))),
                read_only=bool(item.get("read_only", False)),
            )
            for item in raw
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise SystemExit(f"{path}: bad credential entry ({exc})") from None


def _demo_credential(db: str | None) -> CredentialSpec:
    """A demo program and credential, the same one again when the database is reused."""
    store = Store(db) if db else None
    try:
        saved = store.get_meta(_DEMO_KEY) if store else None
        if saved:
            return CredentialSpec(**json.loads(saved))
        demo = CredentialSpec(
            loginid="demo-partner",
            apikey="sk_sandbox_" + secrets.token_hex(16),
            program_guid="6f1c2a9e-3b7d-4e5f-8a9b-0c1d2e3f4a5b",
        )
        if store:
            store.set_meta(
                _DEMO_KEY,
                json.dumps(
                    {
                        "loginid": demo.loginid,
                        "apikey": demo.apikey,
                        "program_guid": demo.program_guid,
                    }
                ),
            )
        return demo
    finally:
        if store:
            store.close()


def build_config(args: argparse.Namespace) -> Config:
    credentials = (
        _load_credentials(args.credentials) if args.credentials else [_demo_credential(args.db)]
    )
    return Config(
        db=args.db,
        credentials=credentials,
        token_ttl=args.token_ttl,
        rate_limit=args.rate_limit,
        controls=args.controls,
        webhook_retry_base=args.webhook_retry_base,
    )


def _factory(spec: str) -> Callable[[Config], Any]:
    module_name, _, attr = spec.partition(":")
    factory: Callable[[Config], Any] = getattr(importlib.import_module(module_name), attr)
    return factory


def _protocol() -> Any:
    """uvicorn's httptools protocol, able to drop a connection without answering.

    The `drop_after_write` fault needs a real transport error on the client side; ASGI has no
    way to close a connection before the response starts, so the protocol puts an abort
    callable into the request scope. httptools is a declared dependency (`uvicorn[standard]`):
    without it the sandbox refuses to start rather than silently serve without that fault.
    """
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError as exc:
        raise SystemExit(
            "qolo-sandbox needs httptools (installed with uvicorn[standard], a declared "
            f"dependency) but it cannot be imported: {exc}. Reinstall qolo-sandbox with its "
            "dependencies, e.g. `pip install --force-reinstall qolo-sandbox`."
        ) from exc

    class _DroppableHttpTools(HttpToolsProtocol):
        def on_message_begin(self) -> None:
            super().on_message_begin()
            extensions: Any = {"qolo.abort": self._qolo_abort}
            self.scope["extensions"] = extensions

        def _qolo_abort(self) -> None:
            if self.transport is not None:
                self.transport.abort()

    return _DroppableHttpTools


class _Server(uvicorn.Server):
    """Prints the machine-readable start-up lines once the socket accepts connections.

    The API key is printed only for the demo credential the sandbox made itself; a key from
    `--credentials` belongs to the operator and is never echoed to the console or CI logs.
    """

    def __init__(
        self, config: uvicorn.Config, url: str, creds: CredentialSpec, show_apikey: bool
    ) -> None:
        super().__init__(config)
        self._url = url
        self._creds = creds
        self._show_apikey = show_apikey

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            print(f"qolo-sandbox listening on {self._url}", flush=True)
            apikey = self._creds.apikey if self._show_apikey else _APIKEY_HIDDEN
            print(
                f"QOLO_BASE_URL={self._url} QOLO_LOGINID={self._creds.loginid} "
                f"QOLO_APIKEY={apikey} QOLO_PROGRAM_GUID={self._creds.program_guid}",
                flush=True,
            )


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr)
    config = build_config(args)
    app = _factory(args.app)(config)
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if family == socket.AF_INET6 else args.host
    uv_config = uvicorn.Config(
        app,
        log_level=args.log_level,
        access_log=args.access_log,
        http=_protocol(),
        lifespan="on",
        server_header=False,
        # Loopback only: no proxy in front to trust, so skip the middleware on every request.
        proxy_headers=False,
        timeout_graceful_shutdown=10,
    )
    first = next((c for c in config.credentials if not c.read_only), config.credentials[0])
    demo = not args.credentials  # build_config made the demo credential itself
    _Server(uv_config, f"http://{host}:{port}", first, show_apikey=demo).run(sockets=[sock])
