"""The Qolo card-issuing API client: the generated `qolo_api` operations, made safe to call.

```python
import qolo
from qolo_api.api.cards import create_card

with qolo.Client() as client:  # QOLO_BASE_URL, QOLO_LOGINID, QOLO_APIKEY
    created = create_card.sync(client=client, body=request)
```

- one login, reused and refreshed before it expires (single-flight across threads and tasks);
- every creating POST carries an `IdempotencyKey`, reused by every retry;
- retries with backoff for connection errors, timeouts, 408, 409, 429 and 5xx (a
  `Retry-After` over 60 s raises at once, with `retry_after`); a DELETE whose answer was lost
  and whose retry finds nothing (404) returns as deleted;
- every non-2xx response raises a typed `APIStatusError`, a 2xx body that breaks the contract
  `APIResponseValidationError`; secrets never reach logs, reprs or exceptions;
- every error says whether the call may have taken effect (`outcome_unknown`) and, for a
  create, the key it sent (`idempotency_key`): call again with that key to finish it safely;
- `paginate` / `apaginate` for list operations, `qolo.webhooks.verify` for deliveries;
- date-times are always aware (the platform's offset-less ones are UTC), and its "not set"
  time, `0001-01-01T00:00:00`, is `qolo.NEVER`, which is falsy;
- a success without a body (a delete's 204) is `qolo.NO_CONTENT`, also falsy.
"""

from qolo_api.types import NEVER, NO_CONTENT

from . import webhooks
from ._client import AsyncClient, Client, unwrap
from ._config import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    IdempotencyConflictError,
    MethodNotAllowedError,
    NotFoundError,
    QoloError,
    RateLimitError,
    ServerError,
    UnsupportedMediaTypeError,
    WebhookVerificationError,
)
from ._pagination import Page, apaginate, paginate

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NEVER",
    "NO_CONTENT",
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "IdempotencyConflictError",
    "MethodNotAllowedError",
    "NotFoundError",
    "Page",
    "QoloError",
    "RateLimitError",
    "ServerError",
    "UnsupportedMediaTypeError",
    "WebhookVerificationError",
    "apaginate",
    "paginate",
    "unwrap",
    "webhooks",
]
