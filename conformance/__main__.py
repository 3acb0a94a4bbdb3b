"""`python -m conformance`: see `conformance.run`."""

from conformance.run import main

raise SystemExit(main())
