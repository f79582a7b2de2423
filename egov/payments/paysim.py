"""``egov paysim``: a payment gateway simulator, a small web service of its own that speaks the
protocol of ``methods.gateway`` over HTTP exactly as a real gateway would, so that tests and
the demo exercise egov's real code paths. Standard library only (wsgiref, urllib); no Django.

Pages: ``GET /pay`` (checks the merchant's signature and the expiry, shows the amount with
three buttons: pay, fail, cancel), ``POST /pay/<id>`` (the payer's choice: sends the
server-to-server callback, then sends the browser back to egov), ``POST /api/status`` (the
signed status query). Behaviour for tests and demos (``Behaviour``), set at start or by
``POST /_control`` with JSON when control is enabled:

- ``callback_delay``: seconds before the callback (0: sent before the browser returns);
- ``callback_copies``: the same callback sent that many times;
- ``send_callback`` / ``return_to_merchant``: drop the callback / the browser's return (the
  payer closes the window);
- ``amount_override``: report another amount than asked (egov must flag it);
- ``forge``: sign callbacks and returns with a wrong key (egov must refuse them);
- ``answer_status``: whether ``/api/status`` answers (503 otherwise).

State is kept in memory; one process is one gateway. The text of the pages is Vietnamese,
as a Vietnamese gateway's would be.
"""

from __future__ import annotations

import html
import json
import logging
import secrets
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from . import signatures
from .methods.gateway import PAY_FIELDS, QUERY_FIELDS, RESULT_FIELDS

logger = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
MAX_BODY = 64 * 1024


@dataclass
class Behaviour:
    callback_delay: float = 0.0
    callback_copies: int = 1
    send_callback: bool = True
    return_to_merchant: bool = True
    amount_override: int | None = None
    forge: bool = False
    answer_status: bool = True

    def update(self, changes: dict[str, Any]) -> None:
        for key, value in changes.items():
            if not hasattr(self, key):
                raise KeyError(key)
            setattr(self, key, value)


@dataclass
class Transaction:
    id: str
    merchant: str
    reference: str
    amount: int
    description: str
    return_url: str
    notify_url: str
    expires_at: int
    status: str = "pending"
    paid_at: int | None = None
    callbacks: list[int] = field(default_factory=list)  # HTTP status of each callback sent


class PaySim:
    """The WSGI application; ``merchants`` maps merchant ids to their shared secrets."""

    def __init__(
        self, merchants: dict[str, str], behaviour: Behaviour | None = None, control: bool = True
    ) -> None:
        self.merchants = merchants
        self.behaviour = behaviour or Behaviour()
        self.control = control
        self.transactions: dict[str, Transaction] = {}
        self._by_reference: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._pending_callbacks = 0

    # WSGI -------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "/")
        try:
            if path == "/health":
                return self._text(start_response, "200 OK", "ok")
            if path == "/pay" and method == "GET":
                return self._pay_page(environ, start_response)
            if path.startswith("/pay/") and method == "POST":
                return self._decide(path.removeprefix("/pay/"), environ, start_response)
            if path == "/api/status" and method == "POST":
                return self._status(environ, start_response)
            if path == "/_control" and method == "POST" and self.control:
                return self._control(environ, start_response)
            if path == "/_transactions" and method == "GET" and self.control:
                with self._lock:
                    data = [asdict(t) for t in self.transactions.values()]
                return self._json(start_response, "200 OK", data)
        except ValueError as error:
            return self._page(start_response, "400 Bad Request", "Yêu cầu không hợp lệ", str(error))
        return self._page(start_response, "404 Not Found", "Không tìm thấy", "")

    # Pages ------------------------------------------------------------------------------

    def _pay_page(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        secret = self.merchants.get(query.get("merchant", ""))
        if secret is None or not signatures.verify(secret, query, PAY_FIELDS):
            return self._page(
                start_response,
                "400 Bad Request",
                "Yêu cầu thanh toán không hợp lệ",
                "Chữ ký của đơn vị chấp nhận thanh toán không đúng.",
            )
        if not query.get("amount", "").isdigit() or query.get("currency") != "704":
            raise ValueError("amount or currency")
        expires_at = int(query.get("expires_at") or 0)
        if expires_at and expires_at < time.time():
            return self._page(
                start_response, "410 Gone", "Yêu cầu thanh toán đã hết hạn", query["reference"]
            )
        txn = self._transaction(query, expires_at)
        if txn.status != "pending":
            return self._page(
                start_response, "409 Conflict", "Giao dịch đã được xử lý", txn.reference
            )
        amount = f"{txn.amount:,}".replace(",", ".") + " đ"
        body = f"""
<p>Đơn vị: <strong>{html.escape(txn.merchant)}</strong></p>
<p>Nội dung: {html.escape(txn.description)}</p>
<p>Mã thanh toán: <strong>{html.escape(txn.reference)}</strong></p>
<p class="amount">Số tiền: <strong>{amount}</strong></p>
<form method="post" action="/pay/{txn.id}">
  <button type="submit" name="action" value="success">Thanh toán</button>
  <button type="submit" name="action" value="failed">Giả lập lỗi thanh toán</button>
  <button type="submit" name="action" value="cancelled">Hủy giao dịch</button>
</form>"""
        return self._page(start_response, "200 OK", "Cổng thanh toán mô phỏng", body, raw=True)

    def _transaction(self, query: dict[str, str], expires_at: int) -> Transaction:
        key = (query["merchant"], query["reference"])
        with self._lock:
            existing = self._by_reference.get(key)
            if existing is not None:
                return self.transactions[existing]
            txn = Transaction(
                id=secrets.token_hex(8),
                merchant=query["merchant"],
                reference=query["reference"],
                amount=int(query["amount"]),
                description=query.get("description", ""),
                return_url=query.get("return_url", ""),
                notify_url=query.get("notify_url", ""),
                expires_at=expires_at,
            )
            self.transactions[txn.id] = txn
            self._by_reference[key] = txn.id
            return txn

    def _decide(
        self, txn_id: str, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        form = _form(environ)
        action = form.get("action", "")
        if action not in ("success", "failed", "cancelled"):
            raise ValueError("action")
        with self._lock:
            txn = self.transactions.get(txn_id)
            if txn is None:
                return self._page(start_response, "404 Not Found", "Không tìm thấy giao dịch", "")
            if txn.status != "pending":
                return self._page(start_response, "409 Conflict", "Giao dịch đã được xử lý", "")
            txn.status = action
            txn.paid_at = int(time.time()) if action == "success" else None
            behaviour = Behaviour(**asdict(self.behaviour))
        result = self._result(txn, behaviour)
        if behaviour.send_callback and txn.notify_url:
            if behaviour.callback_delay > 0:
                with self._lock:
                    self._pending_callbacks += 1
                threading.Thread(
                    target=self._send_later,
                    args=(txn, result, behaviour),
                    daemon=True,
                ).start()
            else:
                self._send(txn, result, behaviour.callback_copies)
        if behaviour.return_to_merchant and txn.return_url:
            location = f"{txn.return_url}?{urlencode(result)}"
            start_response("303 See Other", [("Location", location), ("Content-Length", "0")])
            return [b""]
        title = {
            "success": "Thanh toán thành công",
            "failed": "Thanh toán không thành công",
            "cancelled": "Đã hủy giao dịch",
        }[action]
        return self._page(start_response, "200 OK", title, "Bạn có thể đóng trang này.")

    def _result(self, txn: Transaction, behaviour: Behaviour) -> dict[str, str]:
        amount = behaviour.amount_override if behaviour.amount_override is not None else txn.amount
        fields = {
            "merchant": txn.merchant,
            "reference": txn.reference,
            "transaction": f"PS{txn.id.upper()}",
            "amount": str(amount),
            "status": txn.status,
            "paid_at": str(txn.paid_at or ""),
        }
        secret = self.merchants[txn.merchant]
        key = secret + "-forged" if behaviour.forge else secret
        fields["signature"] = signatures.sign(key, fields, RESULT_FIELDS)
        return fields

    def _send_later(self, txn: Transaction, result: dict[str, str], behaviour: Behaviour) -> None:
        time.sleep(behaviour.callback_delay)
        try:
            self._send(txn, result, behaviour.callback_copies)
        finally:
            with self._changed:
                self._pending_callbacks -= 1
                self._changed.notify_all()

    def _send(self, txn: Transaction, result: dict[str, str], copies: int) -> None:
        data = urlencode(result).encode("ascii")
        for _copy in range(max(1, copies)):
            request = urllib.request.Request(  # noqa: S310 - the merchant's notify URL
                txn.notify_url,
                data=data,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError as error:
                logger.warning("paysim: callback to %s failed: %s", txn.notify_url, error)
                status = 0
            with self._changed:
                txn.callbacks.append(status)
                self._changed.notify_all()

    def _status(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not self.behaviour.answer_status:
            return self._json(start_response, "503 Service Unavailable", {"error": "busy"})
        form = _form(environ)
        secret = self.merchants.get(form.get("merchant", ""))
        if secret is None or not signatures.verify(secret, form, QUERY_FIELDS):
            return self._json(start_response, "403 Forbidden", {"error": "signature"})
        with self._lock:
            txn_id = self._by_reference.get((form["merchant"], form.get("reference", "")))
            txn = self.transactions.get(txn_id) if txn_id else None
        if txn is None:
            answer = {
                "merchant": form["merchant"],
                "reference": form.get("reference", ""),
                "transaction": "",
                "amount": "",
                "status": "unknown",
                "paid_at": "",
            }
            answer["signature"] = signatures.sign(secret, answer, RESULT_FIELDS)
            return self._json(start_response, "200 OK", answer)
        fields = self._result(txn, Behaviour(amount_override=self.behaviour.amount_override))
        return self._json(start_response, "200 OK", fields)

    def _control(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        body = _body(environ)
        try:
            changes = json.loads(body or b"{}")
            with self._lock:
                self.behaviour.update(changes)
        except (ValueError, KeyError) as error:
            return self._json(start_response, "400 Bad Request", {"error": str(error)})
        return self._json(start_response, "200 OK", asdict(self.behaviour))

    # Test helpers -----------------------------------------------------------------------

    def transaction_for(self, reference: str) -> Transaction | None:
        with self._lock:
            for txn in self.transactions.values():
                if txn.reference == reference:
                    return txn
        return None

    def wait_for_callbacks(self, reference: str, count: int, timeout: float = 10.0) -> list[int]:
        """Block until ``count`` callbacks of ``reference`` were answered; their statuses."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                txn = next(
                    (t for t in self.transactions.values() if t.reference == reference), None
                )
                if txn is not None and len(txn.callbacks) >= count:
                    return list(txn.callbacks)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{count} callbacks of {reference} not sent")
                self._changed.wait(left)

    # Responses --------------------------------------------------------------------------

    def _text(self, start_response: StartResponse, status: str, text: str) -> Iterable[bytes]:
        data = text.encode()
        start_response(
            status,
            [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))],
        )
        return [data]

    def _json(self, start_response: StartResponse, status: str, value: Any) -> Iterable[bytes]:
        data = json.dumps(value, ensure_ascii=False).encode()
        start_response(
            status,
            [
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Length", str(len(data))),
            ],
        )
        return [data]

    def _page(
        self,
        start_response: StartResponse,
        status: str,
        title: str,
        body: str,
        *,
        raw: bool = False,
    ) -> Iterable[bytes]:
        content = body if raw else f"<p>{html.escape(body)}</p>"
        page = f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · PaySim</title>
<style>body{{font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}}
button{{display:block;width:100%;margin:.5rem 0;padding:.8rem;font-size:1rem}}
button:focus{{outline:3px solid #fd0}}.amount{{font-size:1.4rem}}</style></head>
<body><main><p>PaySim · cổng thanh toán mô phỏng (không dùng tiền thật)</p>
<h1>{html.escape(title)}</h1>{content}</main></body></html>"""
        data = page.encode()
        start_response(
            status,
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(data)))],
        )
        return [data]


def _body(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        raise ValueError("body too large")
    stream = environ["wsgi.input"]
    return bytes(stream.read(length)) if length else b""


def _form(environ: dict[str, Any]) -> dict[str, str]:
    parsed = parse_qs(_body(environ).decode("utf-8", "replace"))
    return {key: values[0] for key, values in parsed.items()}


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        logger.info("paysim: " + format, *args)


def make_paysim_server(app: PaySim, host: str = "127.0.0.1", port: int = 0) -> WSGIServer:
    """A threaded HTTP server for ``app``; port 0 picks a free one (``server.server_port``)."""
    return make_server(host, port, app, server_class=_ThreadingServer, handler_class=_QuietHandler)


def base_url(server: WSGIServer) -> str:
    host, port = server.server_address[:2]
    name = host.decode() if isinstance(host, bytes) else str(host)
    return f"http://{name}:{port}"


__all__ = [
    "Behaviour",
    "PaySim",
    "Transaction",
    "base_url",
    "make_paysim_server",
]
