"""The targeted conformance suite: the contract's promises schemathesis cannot express."""
