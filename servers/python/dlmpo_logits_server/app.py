"""The ASGI application: routes, bearer token, request checks, limits; no CORS (docs/remote-logits.md)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from typing import Any, Optional

from .backend import Backend
from .batcher import Batcher
from .metrics import Metrics
from .protocol import Limits, RequestError, parse_logits_request

_LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def is_loopback(host: str) -> bool:
    return host in _LOOPBACK or host.startswith("127.")


def _host_name(host_header: str) -> str:
    if host_header.startswith("["):
        return host_header[: host_header.find("]") + 1]
    return host_header.rsplit(":", 1)[0] if ":" in host_header else host_header


def origin_refusal(headers: dict[str, str], bound_host: str) -> Optional[str]:
    """Why a request looks like it came from a web page (or a rebound DNS name), or None to accept it."""
    if "origin" in headers:
        return f"Requests from web pages (Origin {json.dumps(headers['origin'])}) are refused; call this server from a program."
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("none", "same-origin"):
        return "Requests from web pages are refused; call this server from a program."
    if is_loopback(bound_host) and not is_loopback(_host_name(headers.get("host", ""))):
        return (
            f"Host {json.dumps(headers.get('host', ''))} is not this machine; a server on {bound_host} answers only "
            "localhost names."
        )
    return None


class LogitsApp:
    """`GET /v1/model`, `GET /v1/tokenizer`, `POST /v1/logits`, `GET /health`, `GET /metrics`."""

    def __init__(self, backend: Backend, limits: Limits, bound_host: str, bearer_token: Optional[str] = None):
        self.backend = backend
        self.limits = limits
        self.bound_host = bound_host
        self.metrics = Metrics()
        self.batcher = Batcher(backend, limits, self.metrics)
        self._info = json.dumps(backend.info()).encode()
        self._tokenizer = backend.tokenizer_json.encode()
        self._expected = None if bearer_token is None else hashlib.sha256(f"Bearer {bearer_token}".encode()).digest()

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
        status, body, extra = await self._respond(scope, headers, receive)
        self.metrics.response(status)
        content_type = b"text/plain; version=0.0.4" if scope["path"] == "/metrics" and status == 200 else b"application/json"
        response_headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())] + extra
        await send({"type": "http.response.start", "status": status, "headers": response_headers})
        await send({"type": "http.response.body", "body": body})

    async def _lifespan(self, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.batcher.start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.batcher.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _respond(self, scope: dict, headers: dict[str, str], receive: Any) -> tuple[int, bytes, list]:
        refusal = origin_refusal(headers, self.bound_host)
        if refusal is not None:
            return _error(403, "forbidden", refusal)
        if self._expected is not None:
            given = hashlib.sha256(headers.get("authorization", "").encode()).digest()
            if not hmac.compare_digest(given, self._expected):
                status, body, extra = _error(401, "unauthorized", "Missing or wrong bearer token.")
                return status, body, extra + [(b"www-authenticate", b"Bearer")]
        method, path = scope["method"], scope["path"]
        if (method, path) == ("GET", "/v1/model"):
            return 200, self._info, []
        if (method, path) == ("GET", "/v1/tokenizer"):
            return 200, self._tokenizer, []
        if (method, path) == ("GET", "/health"):
            devices = [str(replica.device) for replica in self.backend.replicas]
            return 200, json.dumps({"status": "ok", "queued": self.batcher.queued, "devices": devices}).encode(), []
        if (method, path) == ("GET", "/metrics"):
            return 200, self.metrics.prometheus().encode(), []
        if (method, path) == ("POST", "/v1/logits"):
            try:
                return 200, await self._logits(headers, receive), []
            except RequestError as error:
                status, body, extra = _error(error.status, error.code, error.message)
                if error.status == 429:
                    extra = extra + [(b"retry-after", b"1")]
                return status, body, extra
            except Exception as error:  # noqa: BLE001 - a model failure is a 500 with its message
                return _error(500, "internal", f"The forward pass failed: {error}")
        if path in ("/v1/model", "/v1/tokenizer", "/v1/logits", "/health", "/metrics"):
            return _error(405, "method-not-allowed", f"{method} is not allowed on {path}.")
        return _error(404, "not-found", f"No route {path}; see GET /v1/model and POST /v1/logits.")

    async def _logits(self, headers: dict[str, str], receive: Any) -> bytes:
        self.batcher.arriving += 1
        try:
            request = await self._read_request(headers, receive)
        finally:
            self.batcher.arriving -= 1
        distributions = await self.batcher.submit(request)
        # Encoding large answers takes milliseconds; keep the event loop free for other requests meanwhile.
        return await asyncio.get_running_loop().run_in_executor(None, _dump, {"distributions": distributions, "warnings": []})

    async def _read_request(self, headers: dict[str, str], receive: Any):
        if headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            raise RequestError(415, "unsupported-media-type", "POST /v1/logits needs Content-Type: application/json.")
        too_large = RequestError(
            413, "too-large", f"Request body exceeds this server's limit of {self.limits.max_body_bytes} bytes."
        )
        if int(headers.get("content-length", "0") or 0) > self.limits.max_body_bytes:
            raise too_large
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise RequestError(400, "invalid-input", "The client went away.")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limits.max_body_bytes:
                raise too_large
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        try:
            body = json.loads(b"".join(chunks))
        except ValueError:
            raise RequestError(400, "invalid-input", "The body is not valid JSON.") from None
        return parse_logits_request(body, self.backend.vocab_size, self.backend.context_length, self.limits)


def _dump(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _error(status: int, code: str, message: str) -> tuple[int, bytes, list]:
    return status, json.dumps({"error": {"code": code, "message": message}}).encode(), []
