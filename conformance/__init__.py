"""Conformance kit: checks a running deployment of the Qolo API against openapi.yaml.

`python -m conformance` (what `nox -s conformance` runs) starts the embedded sandbox unless
`--deployment` names the one `QOLO_BASE_URL` points at, runs schemathesis with our hooks and
checks, then the targeted pytest suite in `conformance/targeted_suite/`, and prints a
one-paragraph summary.
"""
