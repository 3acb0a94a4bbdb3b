"""Benchmarks of the client, the sandbox and the pipeline: `nox -s bench` (see bench/README.md).

Not part of the tests: every figure is a ratio against an anchor measured in the same run on
the same machine, repeated, and reported as a median with its spread (min–max).
"""
