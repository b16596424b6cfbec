"""A local HTTP server that answers as the registries do, with recorded responses: the clients
are tested against real HTTP without the network."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture(registry, name):
    return json.loads((FIXTURES / registry / f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class Reply:
    body: object = None  # a JSON value, or bytes sent as they are
    status: int = 200
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Request:
    method: str
    path: str
    query: dict
    headers: dict
    body: object


class RegistryServer:
    """Routes map a path to a list of replies given in turn (the last one repeats), or to a
    function of the request that returns a reply."""

    def __init__(self):
        self.routes = {}
        self.requests: list[Request] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self.answer()

            def do_POST(self):
                self.answer()

            def answer(self):
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                request = Request(
                    self.command,
                    url.path,
                    {k: v[0] for k, v in parse_qs(url.query).items()},
                    dict(self.headers),
                    json.loads(raw) if raw else None,
                )
                server.requests.append(request)
                reply = server.reply_for(request)
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body)
                body = body.encode() if isinstance(body, str) else body
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout test)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def reply_for(self, request):
        route = self.routes.get(request.path)
        if route is None:
            return Reply({"error": "not found"}, status=404)
        if callable(route):
            return route(request)
        return route.pop(0) if len(route) > 1 else route[0]

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def ctgov_pages(*pages, broken=None):
    """A /studies route serving these pages of fixture studies, linked by nextPageToken;
    `broken` maps a page number to the reply it gets instead."""
    broken = broken or {}

    def route(request):
        token = request.query.get("pageToken")
        number = int(token.removeprefix("page-")) if token else 1
        if number in broken:
            return broken[number]
        studies = [
            fixture("ctgov", name) if str(name).startswith("NCT") else name
            for name in pages[number - 1]
        ]
        body = {"studies": studies}
        if number < len(pages):
            body["nextPageToken"] = f"page-{number + 1}"
        return Reply(body)

    return route
