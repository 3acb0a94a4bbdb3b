"""schemathesis's (and the targeted suite's) console against a deployment: live, no secret in it.

A failure's details quote the deployment's answer: the response body (a card's PAN, CVV, PIN)
and, for a schema violation, the offending value alone (`123 is not of type "string"`,
`Value: 123`), which no field name marks. CI keeps that console in its logs, so against a
deployment schemathesis writes into a pipe and the runner prints what it reads:

- every line without its ANSI escapes (colour asked for with `--st-arg=--force-color` would
  hide a section rule, or a secret's edges, from the redaction);
- the progress lines live, with secret fields' values (found by name) and the credentials
  redacted;
- from its first section rule (`=== FAILURES ===`, `=== ERRORS ===`, `=== SUMMARY ===`: the
  part that quotes answers, which schemathesis prints once every phase is done) held back until
  it exits, then printed with every secret value its NDJSON report recorded in an answer
  redacted as well (`report.secret_values`).

The NDJSON and HTML reports the summary names are in the private folder deleted after the run
(`run._run_schemathesis`); their lines say so instead of naming a path that is gone.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path

from conformance.report import redact_text

__all__ = ["call_redacted"]

# A section rule of schemathesis's console: what follows it quotes answers.
_SECTION = re.compile(r"^=+ \S.* =+$")
# An ANSI escape sequence (colour, bold): `--st-arg=--force-color` makes schemathesis style its
# section rules and values even into a pipe, which would hide a rule from `_SECTION` and put a
# letter (`\x1b[31m731`) before a secret that `redact_text` only replaces as a whole token.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")


def call_redacted(
    command: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    fields: frozenset[str],
    credentials: Collection[str],
    private: Path | None = None,
    recorded: Callable[[], Collection[str]] = frozenset,
    hold: bool = True,
) -> int:
    """Run `command`, print its output redacted, return its exit status.

    `credentials`: values never to show (the API key, the run's token); `private`: the folder
    deleted after the run; `recorded`: the secret values the run recorded, read once it exits;
    `hold`: keep what follows the first section rule until it exits (schemathesis's failures;
    the targeted suite's output streams whole, as it has no record to read afterwards).
    """
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    child_env = {**env, **({"COLUMNS": str(width)} if width else {})}
    held: list[str] = []
    with subprocess.Popen(
        list(command),
        cwd=cwd,
        env=child_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as process:
        assert process.stdout is not None  # stdout=PIPE: always set
        try:
            for raw in process.stdout:
                line = _ANSI.sub("", raw)  # plain text: colour could hide a rule or a secret
                if held or (hold and _SECTION.match(line.rstrip("\n"))):
                    held.append(line)
                else:
                    _show(line, fields, credentials)
            code = process.wait()
        except BaseException:  # Ctrl-C, SIGTERM (`run._terminated`): never leave it running
            process.kill()
            raise
    rest = "".join(held)
    if private is not None:
        rest = rest.replace(str(private) + os.sep, "(deleted after the run) ")
    _show(rest, fields, {*credentials, *recorded()})
    return code


def _show(text: str, fields: frozenset[str], values: Collection[str]) -> None:
    sys.stdout.write(redact_text(text, fields, [value for value in values if value]))
    sys.stdout.flush()
