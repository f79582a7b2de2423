"""An RFC 3161 timestamp client over the standard library (pyHanko's own needs ``requests``).

Every failure (no answer, a timeout, an HTTP error, a reply that is not a timestamp) is a
``TimestampRequestError`` with a translated message: pyHanko passes it on as an ``OSError``,
and ``pdf.sign_pdf`` turns that into a clear refusal instead of a server error.
"""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request

from asn1crypto import tsp
from django.conf import settings
from django.utils.translation import gettext
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError, set_tsp_headers

# RFC 3161 §3.4 names the reply type; some older servers still send the draft's name.
REPLY_TYPES = frozenset({"application/timestamp-reply", "application/timestamp-response"})
# A token with its certificate chain is a few kilobytes; more is not a timestamp server.
MAX_REPLY_BYTES = 256 * 1024


class UrllibTimeStamper(TimeStamper):
    def __init__(self, url: str, *, timeout: float | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        if not url.startswith(("http://", "https://")):
            raise TimestampRequestError(
                gettext("The timestamp server address %(url)s is not an http(s) address.")
                % {"url": url}
            )
        self.url = url
        self.timeout = settings.EGOV_TSA_TIMEOUT if timeout is None else timeout

    def _failed(self, reason: str) -> TimestampRequestError:
        return TimestampRequestError(
            gettext("The timestamp server %(url)s could not give a timestamp: %(reason)s")
            % {"url": self.url, "reason": reason}
        )

    def _post(self, body: bytes) -> tsp.TimeStampResp:
        request = urllib.request.Request(  # noqa: S310 (scheme checked in __init__)
            self.url, data=body, headers=set_tsp_headers({}), method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                content_type = response.headers.get_content_type()
                data = response.read(MAX_REPLY_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise self._failed(gettext("HTTP status %(status)s") % {"status": exc.code}) from exc
        except TimeoutError as exc:
            raise self._failed(gettext("no answer in time")) from exc
        except OSError as exc:  # refused, unknown host, TLS failure, connection reset
            reason = getattr(exc, "reason", exc)
            raise self._failed(gettext("unreachable (%(error)s)") % {"error": reason}) from exc
        if content_type not in REPLY_TYPES or len(data) > MAX_REPLY_BYTES:
            raise self._failed(gettext("the answer is not a timestamp reply"))
        try:
            reply = tsp.TimeStampResp.load(data)
            reply.native  # noqa: B018 (parses it all now: a bad reply fails here, not later)
        except (ValueError, TypeError) as exc:
            raise self._failed(gettext("the answer is not a timestamp reply")) from exc
        return reply

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return await asyncio.to_thread(self._post, req.dump())
