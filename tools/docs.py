"""Build the documentation site into docs/_build: the contract, the Python client, and a home page.

    python tools/docs.py fetch --cache DIR   # once, online: Redoc's npm tarball into DIR (no npm)
    python tools/docs.py build --cache DIR   # offline: the whole site into docs/_build

The site has three parts, linked both ways:

- `api/index.html`: openapi.yaml rendered by Redoc (every operation, schema, example, error and
  webhook event). Redoc shows no `x-qolo-source`, so a copy of the contract made only for the
  site carries each label in the description of its element: `fold_labels`.
- `python/`: pdoc's reference of `qolo` and `qolo_api`, from their docstrings.
- `index.html`: the README's quick start and a table tying every operation to its place in both
  references; `choices.html` renders docs/choices.md.

Redoc's standalone bundle is copied into the site and the contract is inlined in the page, so
the site loads nothing from the internet and also opens from `file://`.
"""

from __future__ import annotations

import argparse
import base64
import copy
import hashlib
import html
import http.client
import json
import os
import re
import shutil
import sys
import tarfile
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

import pdoc
import pdoc.render
import yaml
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "openapi.yaml"
README = ROOT / "README.md"
CHOICES = ROOT / "docs" / "choices.md"
SITE_SOURCES = ROOT / "docs" / "site"
GENERATED_API = ROOT / "generated" / "qolo_api" / "api"
OUT = ROOT / "docs" / "_build"

# Redoc 2.5 renders OpenAPI 3.1 and its `webhooks:`. Not 3.x: it reports telemetry from the
# reader's browser by default and changed how a page starts it. The integrity is the registry's,
# checked again here so a cached or re-fetched tarball is the one this site was tested with.
REDOC_VERSION = "2.5.4"
NPM_REGISTRY = "https://registry.npmjs.org"
REDOC_INTEGRITY = (
    "sha512-M6jWhG1qoBnH6TFmzJnstyCZ87HmOY/UzDm78mHiYihEdlV/YcS9ogOo1NlElnJMeLsyxHFe2yFc4sNjHT"
    "rABQ=="
)
REDOC_BUNDLE = "package/bundles/redoc.standalone.js"
REDOC_LICENSE = "package/LICENSE"
# The one thing the bundle loads from the internet: the Redocly logo in the sidebar's footer.
# The site must work offline, so the build points it at an empty inline image (the link and its
# text stay), and fails if a new bundle no longer has exactly this one address.
REDOC_REMOTE_LOGO = b'src:"https://cdn.redoc.ly/redoc/logo-mini.svg"'
REDOC_LOCAL_LOGO = b"src:\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E\""

SOURCE = "x-qolo-source"
PAGE = "x-qolo-page"
KEYWORD_CHOICES = "x-qolo-choices"
RESPONSES = "x-qolo-responses"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# `qolo_api` lists only its client classes in `__all__`, which would hide its subpackages from
# pdoc: name them. `qolo_api.models` documents every model (its `__all__` lists them all).
PYTHON_MODULES = (
    "qolo",
    "qolo_api",
    "qolo_api.client",
    "qolo_api.errors",
    "qolo_api.types",
    "qolo_api.models",
    "qolo_api.api",
)
# The README section shown as the quick start, up to the line that ends it.
QUICK_START = "## Using the client"
QUICK_START_END = "**What it does for you**"


@dataclass(frozen=True)
class Operation:
    """One operation or webhook event of the contract, and where both references show it."""

    operation_id: str
    method: str
    where: str  # the path, or the webhook event's name
    summary: str
    source: str
    tag: str
    webhook: bool
    python_module: str | None  # `qolo_api.api.<tag>.<name>`, None for a webhook

    @property
    def api_anchor(self) -> str:
        """Redoc's anchor for the operation (it names sections by tag and operationId)."""
        return f"tag/{self.tag}/operation/{self.operation_id}"


def snake_case(operation_id: str) -> str:
    """`CreateCard` -> `create_card`: how openapi-python-client names an operation's module."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", operation_id).lower()


def python_module(operation_id: str, api_dir: Path = GENERATED_API) -> str | None:
    """The generated module of an operation, found on disk rather than guessed."""
    matches = sorted(api_dir.glob(f"*/{snake_case(operation_id)}.py"))
    if len(matches) != 1:
        return None
    return f"qolo_api.api.{matches[0].parent.name}.{matches[0].stem}"


def _operations_in(container: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(path or event, method, operation) for each operation of `paths` or `webhooks`."""
    for where, item in container.items():
        for method in METHODS:
            if isinstance(item, dict) and isinstance(item.get(method), dict):
                yield where, method, item[method]


def operations(contract: dict[str, Any], api_dir: Path = GENERATED_API) -> list[Operation]:
    """Every operation, then every webhook event, in the contract's order."""
    found = []
    for section, webhook in (("paths", False), ("webhooks", True)):
        for where, method, op in _operations_in(contract.get(section, {})):
            operation_id = op["operationId"]
            found.append(
                Operation(
                    operation_id=operation_id,
                    method=method.upper(),
                    where=where,
                    summary=op.get("summary", ""),
                    source=op.get(SOURCE, ""),
                    tag=(op.get("tags") or ["default"])[0],
                    webhook=webhook,
                    python_module=None if webhook else python_module(operation_id, api_dir),
                )
            )
    return found


# --- the labels -----------------------------------------------------------------------------


def label(source: str, page: str | None, ours: Any = None) -> str:
    """The Markdown line that says where an element comes from, and which of its keywords are
    ours (`x-qolo-choices`: a limit the reference does not give) and why."""
    text = f"**Source: {source}**"
    if source == "reference" and page:
        text += f" ([reference page]({page}))"
    if isinstance(ours, dict) and ours:
        text += "; ours: " + "; ".join(f"`{key}` ({reason})" for key, reason in ours.items())
    return text


def _prepend(node: dict[str, Any], line: str) -> None:
    description = node.get("description")
    node["description"] = f"{line}\n\n{description}" if description else line


def _append(node: dict[str, Any], line: str) -> None:
    """After the text: Redoc titles a response with the first line of its description."""
    description = node.get("description")
    node["description"] = f"{description}\n\n{line}" if description else line


def _fold(node: Any, page: str | None) -> None:
    if isinstance(node, list):
        for item in node:
            _fold(item, page)
        return
    if not isinstance(node, dict):
        return
    page = node.get(PAGE, page)
    for key, value in node.items():
        if key not in ("example", "examples"):  # payloads, not elements of the contract
            _fold(value, page)
    if isinstance(node.get(SOURCE), str):
        line = label(node[SOURCE], page, node.get(KEYWORD_CHOICES))
        if isinstance(node.get("operationId"), str):
            line = f"`{node['operationId']}` · {line}"
        _prepend(node, line)


def _resolve(document: dict[str, Any], ref: str) -> Any:
    target: Any = document
    for part in ref.removeprefix("#/").split("/"):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    return target


def _fold_responses(document: dict[str, Any], original: dict[str, Any]) -> None:
    """Label each response status from its operation's `x-qolo-responses` map.

    A status is mostly a `$ref`, and one response is shared by many operations with different
    labels, so each labelled status gets its own copy of the response it points to.
    """
    for section in ("paths", "webhooks"):
        for _, _, op in _operations_in(document.get(section, {})):
            page = op.get(PAGE)
            for status, source in (op.get(RESPONSES) or {}).items():
                responses = op.get("responses", {})
                key = next((k for k in responses if str(k) == str(status)), None)
                if key is None:
                    continue
                response = responses[key]
                if "$ref" in response:
                    response = copy.deepcopy(_resolve(original, response["$ref"]))
                    responses[key] = response
                _append(response, label(str(source), page))


def fold_labels(contract: dict[str, Any]) -> dict[str, Any]:
    """A copy of the contract whose descriptions start with each element's `x-qolo-source`."""
    document = copy.deepcopy(contract)
    _fold_responses(document, contract)
    _fold(document.get("paths", {}), None)
    _fold(document.get("webhooks", {}), None)
    _fold(document.get("components", {}), None)
    return document


def schema_pages(document: dict[str, Any]) -> dict[str, Any]:
    """The document with a section per component schema, so that every schema has a page of
    its own in Redoc's sidebar, not only where an operation uses it (Redoc's `SchemaDefinition`
    in a tag that has no operations)."""
    schemas = sorted(document.get("components", {}).get("schemas", {}))
    tags = [
        {
            "name": f"schema-{name}",
            "x-displayName": name,
            "x-traitTag": True,
            "description": f'<SchemaDefinition schemaRef="#/components/schemas/{name}" />',
        }
        for name in schemas
    ]
    operation_tags = [tag["name"] for tag in document.get("tags", [])]
    return {
        **document,
        "tags": [*document.get("tags", []), *tags],
        "x-tagGroups": [
            {"name": "Operations and webhooks", "tags": operation_tags},
            {"name": "Schemas", "tags": [tag["name"] for tag in tags]},
        ],
    }


# --- Redoc ----------------------------------------------------------------------------------


def redoc_tarball(cache: Path) -> Path:
    return cache / f"redoc-{REDOC_VERSION}.tgz"


def integrity_of(path: Path) -> str:
    """The npm registry's `dist.integrity` form of a file: sha512, base64."""
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def fetch(cache: Path) -> Path:
    """Redoc's pinned tarball in `cache`, from the npm registry unless already there.

    A plain HTTPS download, so the docs need no Node.js: from the registry npm's environment
    variable names (`npm_config_registry`, any case), else npm's default; `REDOC_INTEGRITY` is
    what makes it trusted. A registry URL may carry credentials: no message shows them.
    """
    tarball = redoc_tarball(cache)
    if not tarball.exists():
        cache.mkdir(parents=True, exist_ok=True)
        registry = _registry()
        url = f"{registry.rstrip('/')}/redoc/-/redoc-{REDOC_VERSION}.tgz"
        shown = _without_credentials(url)
        if not url.startswith(("https://", "http://")):
            raise SystemExit(f"the npm registry setting is no HTTP(S) URL: {shown}")
        partial = tarball.with_suffix(".part")
        try:
            with urllib.request.urlopen(_request(url), timeout=60) as answer:  # noqa: S310
                partial.write_bytes(answer.read())
        except (OSError, ValueError, http.client.HTTPException) as exc:
            raise SystemExit(
                f"could not fetch Redoc {REDOC_VERSION} from {shown}: {type(exc).__name__}"
            ) from None
        partial.replace(tarball)
    if integrity_of(tarball) != REDOC_INTEGRITY:
        tarball.unlink()
        raise SystemExit(f"{tarball.name} is not the pinned Redoc {REDOC_VERSION}: removed it")
    return tarball


def _registry() -> str:
    """npm's registry setting from the environment (npm reads its variables in any case)."""
    for name, value in os.environ.items():
        if name.lower() == "npm_config_registry" and value:
            return value
    return NPM_REGISTRY


def _request(url: str) -> urllib.request.Request:
    """A GET of `url` (scheme checked by the caller), its `user:password@` sent as Basic auth,
    as npm sends it, since urllib would take the password for a port."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return urllib.request.Request(url)  # noqa: S310 (scheme checked by fetch)
    plain = parts._replace(netloc=parts.netloc.rpartition("@")[2])
    user = urllib.parse.unquote(parts.username)
    password = urllib.parse.unquote(parts.password or "")
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    basic = {"Authorization": f"Basic {token}"}
    return urllib.request.Request(plain.geturl(), headers=basic)  # noqa: S310 (as above)


def _without_credentials(url: str) -> str:
    """`url` with any `user:password@` replaced, fit for a message."""
    return re.sub(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", r"\1<credentials>@", url)


def _extract(tarball: Path, member: str) -> bytes:
    with tarfile.open(tarball, "r:gz") as archive:
        extracted = archive.extractfile(member)
        if extracted is None:
            raise SystemExit(f"{tarball.name} has no {member}")
        return extracted.read()


def offline_bundle(bundle: bytes) -> bytes:
    """Redoc's bundle with its one remote image replaced by an inline one."""
    if bundle.count(REDOC_REMOTE_LOGO) != 1:
        raise SystemExit("Redoc's bundle changed: look for what it loads from the internet")
    return bundle.replace(REDOC_REMOTE_LOGO, REDOC_LOCAL_LOGO)


def _inline_json(document: dict[str, Any]) -> str:
    """JSON safe inside a <script> element (no `</script>` can end it early)."""
    return json.dumps(document, ensure_ascii=False, sort_keys=False).replace("</", "<\\/")


# --- the pages ------------------------------------------------------------------------------


def quick_start(readme: str) -> str:
    """The README's quick start section, as Markdown: up to its list of what the client does
    for you when that is there, else the whole section."""
    start = readme.find(QUICK_START + "\n")
    if start < 0:
        raise SystemExit(f"README.md has no `{QUICK_START}` section for the home page")
    body = readme[start + len(QUICK_START) :]
    section_end = body.find("\n## ")
    body = body if section_end < 0 else body[:section_end]
    body = body.split(QUICK_START_END, 1)[0]
    return "## Quick start" + body.rstrip() + "\n"


def markdown(text: str) -> str:
    """CommonMark with tables (docs/choices.md is one), as HTML."""
    rendered: str = MarkdownIt("commonmark").enable("table").render(text)
    return rendered


def operation_rows(found: list[Operation]) -> str:
    """The home page's table rows: each operation, linked into both references."""
    rows = []
    for op in found:
        name = html.escape(op.operation_id)
        api = f'<a href="api/index.html#{html.escape(op.api_anchor)}">{name}</a>'
        if op.python_module:
            page = "python/" + op.python_module.replace(".", "/") + ".html"
            python = f'<a href="{page}"><code>{html.escape(op.python_module)}</code></a>'
        else:
            python = '<a href="python/qolo/webhooks.html"><code>qolo.webhooks.verify</code></a>'
        where = "webhook " if op.webhook else ""
        rows.append(
            f"<tr><td>{api}</td><td>{html.escape(op.summary)}</td>"
            f"<td><code>{where}{op.method} {html.escape(op.where)}</code></td>"
            f"<td>{python}</td><td>{html.escape(op.source)}</td></tr>"
        )
    return "\n".join(rows)


def _page(name: str, **values: str) -> str:
    return Template((SITE_SOURCES / name).read_text()).substitute(values)


def build_python_reference(out: Path) -> None:
    """pdoc over `qolo` and `qolo_api`, with the site's navigation added to every page."""
    pdoc.render.configure(
        docformat="markdown",
        template_directory=SITE_SOURCES / "pdoc",
        footer_text="qolo-client",
        favicon="data:,",  # no favicon.ico request that would 404
    )
    pdoc.pdoc(*PYTHON_MODULES, output_directory=out)


def build(cache: Path, out: Path = OUT) -> None:
    """The whole site, from scratch, into `out`."""
    tarball = fetch(cache) if redoc_tarball(cache).exists() else None
    if tarball is None:
        raise SystemExit(f"no Redoc in {cache}: run `python tools/docs.py fetch` once")
    contract = yaml.safe_load(CONTRACT.read_text())
    title = html.escape(contract["info"]["title"])
    version = html.escape(str(contract["info"]["version"]))

    if out.exists():
        shutil.rmtree(out)
    (out / "api").mkdir(parents=True)
    (out / "api" / "redoc.standalone.js").write_bytes(
        offline_bundle(_extract(tarball, REDOC_BUNDLE))
    )
    (out / "api" / "redoc.LICENSE").write_bytes(_extract(tarball, REDOC_LICENSE))
    (out / "api" / "openapi.yaml").write_text(CONTRACT.read_text())
    (out / "api" / "index.html").write_text(
        _page("api.html", title=title, contract=_inline_json(schema_pages(fold_labels(contract))))
    )
    shutil.copy(SITE_SOURCES / "style.css", out / "style.css")
    choices = markdown(CHOICES.read_text())
    (out / "choices.html").write_text(_page("choices.html", title=title, body=choices))
    (out / "index.html").write_text(
        _page(
            "index.html",
            title=title,
            version=version,
            quick_start=markdown(quick_start(README.read_text())),
            operations=operation_rows(operations(contract)),
        )
    )
    build_python_reference(out / "python")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("fetch", "build"))
    parser.add_argument("--cache", type=Path, required=True, help="where Redoc's tarball lives")
    parser.add_argument("--out", type=Path, default=OUT, help="the site (default docs/_build)")
    args = parser.parse_args(argv)
    if args.command == "fetch":
        print(fetch(args.cache))
    else:
        build(args.cache, args.out)
        print(f"built {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
