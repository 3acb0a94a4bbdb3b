"""The `qolo-sandbox` command: parse options, prepare credentials, serve with uvicorn.

Every option has a `QOLO_SANDBOX_*` environment twin so CI and containers need no flags.

uvicorn runs its own httptools protocol inside ours (`_connection`), which adds what uvicorn
lacks: a limit on a request's header section (431), a deadline for a request to arrive whole
(408) and for a new connection to send anything, and a way to drop a connection unanswered.
A stop by Ctrl-C or SIGTERM is graceful, says one line and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import errno
import importlib
import importlib.resources
import json
import logging
import os
import re
import secrets
import shlex
import signal
import socket
import sqlite3
import sys
import threading
import uuid
from collections.abc import Callable, Generator, Sequence
from typing import Any

import uvicorn
import yaml

from ._config import (
    DEFAULT_IDLE_TIMEOUT,
    DEFAULT_REQUEST_TIMEOUT,
    DEFAULT_TOKEN_TTL,
    DEFAULT_WEBHOOK_RETRY_BASE,
    MAX_BODY_BYTES,
    MAX_HEADER_BYTES,
    MAX_JSON_DEPTH,
    WEBHOOK_MAX_RESPONSE_BYTES,
    Config,
    CredentialSpec,
)
from ._connection import guarded_protocol, sweep, track_answers
from ._receivers import parse_allow_entry
from ._store import Store

__all__ = ["build_config", "main", "parse_args"]

logger = logging.getLogger("qolo_sandbox")
#: What a flag's variable (QOLO_SANDBOX_CONTROLS, QOLO_SANDBOX_ACCESS_LOG) may say, in any
#: case; anything else is a usage error.
_FLAG_VALUES = {
    "": False,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
}
#: The log levels uvicorn and `logging` share (uvicorn's `trace` is left out on purpose).
_LOG_LEVELS = ("critical", "error", "warning", "info", "debug")
_DEMO_KEY = "demo_credential"
# Said on stderr when the line to copy leaves QOLO_APIKEY empty: a key the operator supplied
# is theirs, and logs are not the place for it.
_APIKEY_LEFT_EMPTY = (
    "qolo-sandbox: QOLO_APIKEY is left empty: a key from --credentials is never printed; "
    "set it to the apikey of QOLO_LOGINID in your credentials file"
)
# Shorter keys in a credentials file get a warning: the login throttle cannot stop guessing.
_SHORT_APIKEY = 16
# A credentials file entry's fields (`read_only` may be left out: false); the first two are the
# login's, and the contract's LoginRequest bounds their lengths.
_LOGIN_FIELDS = ("loginid", "apikey")
_CREDENTIAL_FIELDS = (*_LOGIN_FIELDS, "program_guid", "read_only")
_FIELDS_NAMED = "loginid, apikey, program_guid and read_only"
_UUID_TEXT = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_EPILOG = f"""\
limits (not options):
  a request's header section: {MAX_HEADER_BYTES // 1024} KiB (431 beyond); its body: \
{MAX_BODY_BYTES // 1024 // 1024} MiB (413 beyond);
  a JSON body's nesting: {MAX_JSON_DEPTH} levels (400 body_too_deep beyond); a body must be
  uncompressed UTF-8 JSON (415 otherwise); a 400 lists at most 100 invalid fields;
  a connection with no request in progress is closed after --idle-timeout seconds, and a
  request must arrive whole (headers and body) within --request-timeout seconds of its first
  byte (408 otherwise; checked twice a second).

logins:
  the right key always logs in; a wrong key is 429 (with Retry-After) instead of 401 once its
  login id has had 5 (one more every 12 s) or all login ids together 100 (10 more a second).

webhooks:
  never delivered to the sandbox itself (its port on any address of this machine: localhost,
  127.0.0.1, 0.0.0.0, [::1]...); a URL with user:password@ is refused; with --webhook-allow
  only the listed receivers are. Refused URLs get 400 webhook_url_refused naming the rule;
  each ping and delivery checks again and connects to the address it checked. At most
  {WEBHOOK_MAX_RESPONSE_BYTES // 1024} KiB of a receiver's answer is read, never decompressed.
"""


def _env(name: str, default: Any = None) -> Any:
    """`QOLO_SANDBOX_<name>`, or `default` when it is unset or empty (as a shell's `VAR=` means).

    An empty `QOLO_SANDBOX_HOST` would otherwise reach uvicorn as "", every interface.
    """
    return os.environ.get(f"QOLO_SANDBOX_{name}") or default


def _port(text: str) -> int:
    """An argparse type: a TCP port, 0 (any free one) to 65535."""
    try:
        value = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (0 to 65535)")
    return value


def _positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (a TTL or rate of 0 makes no sense)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value


def _positive_float(text: str) -> float:
    """An argparse type: seconds, more than 0."""
    value = _non_negative_float(text)
    if value == 0:
        raise argparse.ArgumentTypeError(f"{text} is not more than 0 seconds")
    return value


def _allow_list(text: str) -> tuple[str, ...]:
    """An argparse type: comma-separated host names (`*.example.com`), addresses and CIDRs.

    At least one: no list means any receiver, so `--webhook-allow "$UNSET"` (or `"$A,$B"`, or a
    variable set to ",") must not quietly mean that. An empty variable is unset (`_env`), and
    never reaches this.
    """
    entries = tuple(entry.strip() for entry in text.split(",") if entry.strip())
    if not entries:
        raise argparse.ArgumentTypeError(
            f"{text!r} lists no receiver: name at least one host name, address or network "
            "(leave the option out to allow any receiver but the sandbox itself)"
        )
    for entry in entries:
        try:
            parse_allow_entry(entry)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return entries


def _non_negative_float(text: str) -> float:
    """An argparse type: seconds, 0 or more."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text} is not a finite number of seconds, 0 or more")
    return value


def _env_flag(parser: argparse.ArgumentParser, name: str) -> bool:
    """`QOLO_SANDBOX_<name>` read as a flag (see `_FLAG_VALUES`); unset or empty is off."""
    value = str(_env(name, "")).strip().lower()
    if value not in _FLAG_VALUES:
        parser.error(f"QOLO_SANDBOX_{name}={value!r}: use 1, true, yes or on (0, false, no, off)")
    return _FLAG_VALUES[value]


def _parser() -> argparse.ArgumentParser:
    """The options, their defaults read from the environment now (tests list its actions)."""
    parser = argparse.ArgumentParser(
        prog="qolo-sandbox",
        description="A local HTTP sandbox of the Qolo card-issuing API (openapi.yaml).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default=_env("HOST", "127.0.0.1"))
    parser.add_argument(
        "--port", type=_port, default=_env("PORT", "8000"), help="0 picks a free port"
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
        default=False,
        help="enable the /_sandbox/ test controls (or QOLO_SANDBOX_CONTROLS=1, true, yes, on)",
    )
    parser.add_argument(
        "--webhook-retry-base",
        type=_non_negative_float,
        default=_env("WEBHOOK_RETRY_BASE", str(DEFAULT_WEBHOOK_RETRY_BASE)),
        help="seconds before the first webhook retry; doubles each retry",
    )
    parser.add_argument(
        "--webhook-allow",
        type=_allow_list,
        default=_env("WEBHOOK_ALLOW"),  # unset or empty: None, read as () below
        metavar="LIST",
        help="the only webhook receivers allowed, comma-separated host names (*.example.com "
        "for subdomains), addresses and CIDR networks (10.0.0.0/8); default: any receiver "
        "except the sandbox itself. For a shared deployment; a list naming none is refused.",
    )
    parser.add_argument(
        "--idle-timeout",
        type=_positive_float,
        default=_env("IDLE_TIMEOUT", str(DEFAULT_IDLE_TIMEOUT)),
        metavar="SECONDS",
        help="close a connection with no request in progress after this long "
        f"(default {DEFAULT_IDLE_TIMEOUT:g})",
    )
    parser.add_argument(
        "--request-timeout",
        type=_positive_float,
        default=_env("REQUEST_TIMEOUT", str(DEFAULT_REQUEST_TIMEOUT)),
        metavar="SECONDS",
        help="answer 408 and close when a request has not arrived whole this long after its "
        f"first byte (default {DEFAULT_REQUEST_TIMEOUT:g})",
    )
    parser.add_argument(
        "--log-level",
        type=str.lower,
        choices=_LOG_LEVELS,
        default=_env("LOG_LEVEL", "warning"),
        help="uvicorn's and the sandbox's log level (default warning). Not uvicorn's `trace`: "
        "it logs request headers, bearer tokens included",
    )
    parser.add_argument(
        "--access-log",
        action="store_true",
        default=False,
        help="log every request line to stdout, at --log-level info or debug "
        "(or QOLO_SANDBOX_ACCESS_LOG=1, true, yes, on)",
    )
    parser.add_argument(
        "--app", default=_env("APP", "qolo_sandbox.app:create_app"), help=argparse.SUPPRESS
    )
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = _parser()
    args = parser.parse_args(argv)
    # A flag turns its option on whatever its variable says, but a variable that is neither on
    # nor off is refused even then: the test controls reset and move time, never by accident.
    args.controls = _env_flag(parser, "CONTROLS") or args.controls
    args.access_log = _env_flag(parser, "ACCESS_LOG") or args.access_log
    if args.log_level not in _LOG_LEVELS:  # argparse checks the choices of the command line only
        parser.error(f"argument --log-level: invalid choice: {args.log_level!r}")
    if args.webhook_allow is None:  # neither the option nor its variable: any receiver
        args.webhook_allow = ()
    return args


class _JsonObject(dict[str, Any]):
    """A JSON object that remembers the names given in it more than once: `json` keeps the last
    silently, and `"read_only": true, "read_only": false` would then be read-write."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        counts = collections.Counter(name for name, _ in pairs)
        self.repeated = [name for name, count in counts.items() if count > 1]


class _BadEntry(Exception):
    """What is wrong with one entry of a credentials file: a field's name, never its value."""


def _login_limits() -> dict[str, tuple[int, int]]:
    """The (minLength, maxLength) of `loginid` and `apikey` in the packaged contract's
    LoginRequest: a credential outside them could never log in.

    Only the YAML is read (with libyaml where it is installed, ~30 ms): the app compiles the
    whole contract itself, and doing that twice would slow every start by ~150 ms.
    """
    text = importlib.resources.files("qolo_sandbox").joinpath("openapi.yaml").read_text("utf-8")
    if getattr(yaml, "__with_libyaml__", False):
        document = yaml.load(text, Loader=yaml.CSafeLoader)
    else:
        document = yaml.safe_load(text)
    fields = document["components"]["schemas"]["LoginRequest"]["properties"]
    return {
        name: (int(fields[name]["minLength"]), int(fields[name]["maxLength"]))
        for name in _LOGIN_FIELDS
    }


def _json_type(value: Any) -> str:
    """What kind of JSON value `value` is (the value itself is never shown: it may be a key)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def _field(name: str) -> str:
    """A field's name as the file spells it, quoted and escaped, on one line."""
    text = json.dumps(name)
    return text if len(text) <= 40 else text[:39] + '…"'


def _credential(item: Any, limits: dict[str, tuple[int, int]]) -> CredentialSpec:
    """One entry of a credentials file, or `_BadEntry` naming its first problem."""
    if not isinstance(item, dict):
        raise _BadEntry(f"is {_json_type(item)}, not an object with {_FIELDS_NAMED}")
    unknown = [name for name in item if name not in _CREDENTIAL_FIELDS]
    if unknown:
        raise _BadEntry(f"unknown field {_field(unknown[0])} (the fields are {_FIELDS_NAMED})")
    if isinstance(item, _JsonObject) and item.repeated:
        raise _BadEntry(f"field {_field(item.repeated[0])} is given twice")
    for name in (*_LOGIN_FIELDS, "program_guid"):
        if name not in item:
            raise _BadEntry(f'field "{name}" is missing')
        if not isinstance(item[name], str):
            raise _BadEntry(f'field "{name}" is {_json_type(item[name])}, not a string')
    for name in _LOGIN_FIELDS:
        low, high = limits[name]
        size = len(item[name])
        if not low <= size <= high:
            which = "empty" if size == 0 else f"{size} characters long"
            raise _BadEntry(
                f'field "{name}" is {which}: a login takes {low} to {high} characters '
                "(LoginRequest in openapi.yaml), so it could never log in"
            )
        try:
            item[name].encode("utf-8")
        except UnicodeEncodeError:
            raise _BadEntry(
                f'field "{name}" is not Unicode text (a lone surrogate \\u escape)'
            ) from None
    if not _UUID_TEXT.fullmatch(item["program_guid"]):
        raise _BadEntry('field "program_guid" is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)')
    read_only = item.get("read_only", False)
    if not isinstance(read_only, bool):
        raise _BadEntry(
            f'field "read_only" is {_json_type(read_only)}: use true or false (or leave it out)'
        )
    return CredentialSpec(
        loginid=item["loginid"],
        apikey=item["apikey"],
        program_guid=str(uuid.UUID(item["program_guid"])),
        read_only=read_only,
    )


def _load_credentials(path: str) -> list[CredentialSpec]:
    """The `--credentials` file, checked whole before anything starts.

    A mistake is one line naming the file, the entry (counted from 1) and the field, never a
    value (it may be a key): a misread file would log nobody in, or worse give a credential
    the wrong rights, with nothing said.
    """
    try:
        with open(path, encoding="utf-8") as handle:
            raw = json.load(handle, object_pairs_hook=_JsonObject)
    except OSError as exc:
        raise SystemExit(
            f"qolo-sandbox: cannot read --credentials {path}: {exc.strerror}"
        ) from None
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError
        reason = "nested too deep" if isinstance(exc, RecursionError) else str(exc)
        raise SystemExit(f"qolo-sandbox: --credentials {path} is not JSON ({reason})") from None
    if not isinstance(raw, list):
        raise SystemExit(
            f"qolo-sandbox: --credentials {path} is {_json_type(raw)}, not a JSON list of "
            f"credentials (objects with {_FIELDS_NAMED})"
        )
    if not raw:
        raise SystemExit(
            f"qolo-sandbox: --credentials {path} is an empty list: list at least one "
            f"credential (an object with {_FIELDS_NAMED})"
        )
    limits = _login_limits()
    credentials: list[CredentialSpec] = []
    first_of: dict[str, int] = {}
    for number, item in enumerate(raw, 1):
        try:
            credential = _credential(item, limits)
            if credential.loginid in first_of:
                raise _BadEntry(
                    f'field "loginid" repeats entry {first_of[credential.loginid]}\'s: '
                    "each credential needs a login id of its own"
                )
        except _BadEntry as exc:
            raise SystemExit(
                f"qolo-sandbox: --credentials {path}, entry {number} of {len(raw)}: {exc}"
            ) from None
        first_of[credential.loginid] = number
        credentials.append(credential)
    return credentials


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


def build_config(args: argparse.Namespace, listen_port: int | None = None) -> Config:
    credentials = (
        _load_credentials(args.credentials) if args.credentials else [_demo_credential(args.db)]
    )
    for credential in credentials:
        if len(credential.apikey) < _SHORT_APIKEY:
            logger.warning(
                "the apikey of %r has %d characters: the login throttle slows guessing but "
                "cannot stop it; use a long random key (the demo key has 43)",
                credential.loginid,
                len(credential.apikey),
            )
    return Config(
        db=args.db,
        credentials=credentials,
        token_ttl=args.token_ttl,
        rate_limit=args.rate_limit,
        controls=args.controls,
        webhook_retry_base=args.webhook_retry_base,
        listen_port=listen_port,
        webhook_allow=args.webhook_allow,
    )


def _factory(spec: str) -> Callable[[Config], Any]:
    module_name, _, attr = spec.partition(":")
    factory: Callable[[Config], Any] = getattr(importlib.import_module(module_name), attr)
    return factory


def _copy_line(url: str, credential: CredentialSpec, *, show_apikey: bool) -> str:
    """The start-up line to copy: `NAME=value` words that `export <line>` takes as printed, in
    sh or bash, each value shell-quoted (a login id may hold a space, an IPv6 URL brackets).

    `QOLO_APIKEY=` stays empty unless `show_apikey`: the key of the demo credential the sandbox
    made itself is printed, a key from `--credentials` belongs to the operator and never is.
    Empty, an exported QOLO_APIKEY makes the client say it is missing, not fail a login.
    """
    values = {
        "QOLO_BASE_URL": url,
        "QOLO_LOGINID": credential.loginid,
        "QOLO_APIKEY": credential.apikey if show_apikey else "",
        "QOLO_PROGRAM_GUID": credential.program_guid,
    }
    return " ".join(
        f"{name}={shlex.quote(value) if value else ''}" for name, value in values.items()
    )


class _Server(uvicorn.Server):
    """Prints the machine-readable start-up lines once the socket accepts connections.

    The second is `_copy_line`; when it leaves the key out, a note on stderr says why.
    """

    def __init__(
        self,
        config: uvicorn.Config,
        url: str,
        creds: CredentialSpec,
        show_apikey: bool,
        guarded: dict[Any, Any],
    ) -> None:
        super().__init__(config)
        self._guarded = guarded
        self._url = url
        self._creds = creds
        self._show_apikey = show_apikey
        self._sweeper: asyncio.Task[None] | None = None
        self.stopped_by: str | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            self._sweeper = asyncio.get_running_loop().create_task(sweep(self._guarded))
            print(f"qolo-sandbox listening on {self._url}", flush=True)
            print(_copy_line(self._url, self._creds, show_apikey=self._show_apikey), flush=True)
            if not self._show_apikey:
                print(_APIKEY_LEFT_EMPTY, file=sys.stderr, flush=True)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        await super().shutdown(sockets)
        if self._sweeper is not None:
            self._sweeper.cancel()

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        """uvicorn's, except that a caught signal is not raised again once stopped.

        uvicorn re-raises it so the process dies of it: a KeyboardInterrupt traceback for
        Ctrl-C, exit status -15 for SIGTERM. A sandbox stopped on request has done nothing
        wrong: `main` says so in one line and exits 0 (`nox -s sandbox` then succeeds too).
        """
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        handled = (signal.SIGINT, signal.SIGTERM)
        original = {sig: signal.signal(sig, self.handle_exit) for sig in handled}
        try:
            yield
        finally:
            for sig, handler in original.items():
                signal.signal(sig, handler)

    def handle_exit(self, sig: int, frame: Any) -> None:
        if self.stopped_by is None:
            self.stopped_by = signal.Signals(sig).name
        super().handle_exit(sig, frame)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr)
    # Bound first: the app must know its own port (webhooks are never delivered there).
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        sock.close()
        hint = " (--port 0 picks a free one)" if exc.errno == errno.EADDRINUSE else ""
        reason = exc.strerror or str(exc)
        raise SystemExit(
            f"qolo-sandbox: cannot listen on {args.host}:{args.port}: {reason}{hint}"
        ) from None
    if args.db:  # a missing folder or an unreadable file: one line now, not a lifespan traceback
        try:
            Store(args.db).close()
        except (OSError, sqlite3.Error) as exc:
            sock.close()
            raise SystemExit(f"qolo-sandbox: cannot open --db {args.db}: {exc}") from None
    port = sock.getsockname()[1]
    config = build_config(args, listen_port=port)
    protocol = guarded_protocol(args.request_timeout)
    app = track_answers(_factory(args.app)(config), protocol.connections)
    host = f"[{args.host}]" if family == socket.AF_INET6 else args.host
    uv_config = uvicorn.Config(
        app,
        log_level=args.log_level,
        access_log=args.access_log,
        http=protocol,
        lifespan="on",
        server_header=False,
        # Loopback only: no proxy in front to trust, so skip the middleware on every request.
        proxy_headers=False,
        timeout_graceful_shutdown=10,
        timeout_keep_alive=args.idle_timeout,  # seconds; a float works (call_later)
    )
    first = next((c for c in config.credentials if not c.read_only), config.credentials[0])
    demo = not args.credentials  # build_config made the demo credential itself
    server = _Server(
        uv_config, f"http://{host}:{port}", first, show_apikey=demo, guarded=protocol.connections
    )
    server.run(sockets=[sock])
    if server.stopped_by is not None:
        print(f"qolo-sandbox stopped ({server.stopped_by})", flush=True)
