"""Pages of certified copies: the citizen's (request, "Bản sao chứng thực của tôi",
download) and the officials' (queue, counter, request page with the decision, book)."""

from .citizen import download, mine, mine_detail, new_request, withdraw
from .official import (
    book,
    certify,
    counter,
    official_copy,
    queue,
    refuse,
    request_detail,
    scan,
)

__all__ = [
    "book",
    "certify",
    "counter",
    "download",
    "mine",
    "mine_detail",
    "new_request",
    "official_copy",
    "queue",
    "refuse",
    "request_detail",
    "scan",
    "withdraw",
]
