"""A webhook receiver on loopback for the tests and the benchmark: a real HTTP server in a
thread, bound to a port the kernel picks (no window for another process to take it), that
checks each delivery's Standard Webhooks signature and keeps what it received.

Its behaviour can be changed while it runs: `mode` "ok", "error" (500), "slow" (answers after
`delay` seconds), "hang" (answers after `delay` seconds, longer than the client's timeout),
"drip" (the answer a byte every `delay` seconds) or "redirect" (307 elsewhere);
`stop()` and `start()` take it down and bring it back on the same port.
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import orjson
from standardwebhooks import Webhook, WebhookVerificationError


@dataclass
class Received:
    webhook_id: str
    timestamp: str
    body: dict
    at: float = field(default_factory=time.monotonic)

    @property
    def story(self) -> str:
        return self.body["data"]["story"]["slug"]

    @property
    def kind(self) -> str:
        return self.body["data"]["event"]["kind"]


class Receiver:
    def __init__(self, secret: str, *, port: int = 0, tls=None):
        self.webhook = Webhook(secret)
        self.mode = "ok"
        self.delay = 0.0
        self.received: list[Received] = []
        self.refused: list[str] = []
        self.attempts = 0
        self._lock = threading.Lock()
        self._port = port
        self._tls = tls  # an ssl.SSLContext for the server side: HTTPS
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        scheme = "https" if self._tls else "http"
        return f"{scheme}://127.0.0.1:{self._port}/hooks/news"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                receiver._handle(self)

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), Handler)
        self._server.daemon_threads = True
        if self._tls:
            self._server.socket = self._tls.wrap_socket(self._server.socket, server_side=True)
        self._port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        data = request.rfile.read(int(request.headers.get("Content-Length", 0)))
        with self._lock:
            self.attempts += 1
            mode, delay = self.mode, self.delay
        if mode in ("slow", "hang"):
            time.sleep(delay)
        if mode == "error":
            return self._answer(request, 500)
        if mode == "drip":  # the status line a byte at a time, each within a read timeout
            for byte in b"HTTP/1.1 204 No Content\r\n\r\n":
                try:
                    request.wfile.write(bytes([byte]))
                    request.wfile.flush()
                except OSError:
                    return
                time.sleep(delay)
            return
        if mode == "redirect":
            request.send_response(307)
            request.send_header("Location", "http://127.0.0.1:9/elsewhere")
            request.send_header("Content-Length", "0")
            return request.end_headers()
        try:
            self.webhook.verify(data, dict(request.headers))
        except WebhookVerificationError as error:
            self.refused.append(str(error))
            return self._answer(request, 400)
        with self._lock:
            self.received.append(
                Received(
                    request.headers["webhook-id"],
                    request.headers["webhook-timestamp"],
                    orjson.loads(data),
                )
            )
        self._answer(request, 204 if mode != "accepted" else 202)

    @staticmethod
    def _answer(request: BaseHTTPRequestHandler, code: int) -> None:
        try:
            request.send_response(code)
            request.send_header("Content-Length", "0")
            request.end_headers()
        except OSError:
            pass  # the client gave up (a timeout)

    def unique(self) -> list[Received]:
        """What a receiver keeps after dropping repeated `webhook-id`s, in arrival order."""
        seen: set[str] = set()
        kept = []
        for item in list(self.received):
            if item.webhook_id not in seen:
                seen.add(item.webhook_id)
                kept.append(item)
        return kept

    def by_story(self) -> dict[str, list[Received]]:
        stories: dict[str, list[Received]] = {}
        for item in self.unique():
            stories.setdefault(item.story, []).append(item)
        return stories
