"""An RFC 3161 timestamp client over the standard library (pyHanko's own needs ``requests``)."""

from __future__ import annotations

import asyncio
import urllib.request

from asn1crypto import tsp
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError, set_tsp_headers


class UrllibTimeStamper(TimeStamper):
    def __init__(self, url: str, *, timeout: float = 10) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError("The timestamp server address must be http(s).")
        self.url = url
        self.timeout = timeout
        super().__init__()  # type: ignore[no-untyped-call]

    def _post(self, body: bytes) -> tsp.TimeStampResp:
        request = urllib.request.Request(  # noqa: S310 (scheme checked in __init__)
            self.url, data=body, headers=set_tsp_headers({}), method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                if response.headers.get("Content-Type") != "application/timestamp-reply":
                    raise TimestampRequestError("Timestamp server response is malformed.")
                return tsp.TimeStampResp.load(response.read())
        except OSError as exc:
            raise TimestampRequestError("Error in communication with timestamp server") from exc

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return await asyncio.to_thread(self._post, req.dump())
