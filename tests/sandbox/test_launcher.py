"""`qolo_sandbox.testing.start_sandbox`, the launcher partners' own test suites use."""

from __future__ import annotations

import gc
import warnings

from qolo_sandbox.testing import start_sandbox


def test_a_stopped_sandbox_leaves_no_open_file() -> None:
    """A suite that turns warnings into errors must survive starting and stopping a sandbox:
    its stdout pipe is closed on stop, not left to the garbage collector."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with start_sandbox(controls=False) as sbx:
            assert sbx.base_url.startswith("http://127.0.0.1:")
        gc.collect()
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []
