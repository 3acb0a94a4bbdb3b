"""Tests of the hand-written client `qolo` against the sandbox and mock transports."""
