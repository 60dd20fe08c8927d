"""Serves a directory on loopback with the right MIME type for .wasm (a static file server).

With a third argument, the XMPP WebSocket URL, it also answers /.well-known/host-meta (XRD) and
/.well-known/host-meta.json (JRD) as XEP-0156 describes, so a user of a local setup opened at
http://localhost:PORT/ can log in with only a JID."""
import functools
import http.server
import json
import sys
from xml.sax.saxutils import quoteattr

WEBSOCKET_REL = "urn:xmpp:alt-connections:websocket"


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, quiet, with `application/wasm` for the wasm module, and host-meta."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
    }

    def __init__(self, *args, websocket_url=None, **kwargs):
        self.websocket_url = websocket_url
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if self.websocket_url and self.path in ("/.well-known/host-meta", "/.well-known/host-meta.json"):
            if self.path.endswith(".json"):
                body = json.dumps({"links": [{"rel": WEBSOCKET_REL, "href": self.websocket_url}]})
                kind = "application/json"
            else:
                body = ('<?xml version="1.0" encoding="utf-8"?>\n'
                        '<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">'
                        f"<Link rel={quoteattr(WEBSOCKET_REL)} href={quoteattr(self.websocket_url)}/></XRD>")
                kind = "application/xrd+xml"
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", kind)
            # XEP-0156 §3: host-meta must be readable from any origin.
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        super().do_GET()

    def log_message(self, *args) -> None:  # the tests read the console, not access logs
        pass


def main() -> None:
    directory, port = sys.argv[1], int(sys.argv[2])
    websocket_url = sys.argv[3] if len(sys.argv) > 3 else None
    handler = functools.partial(Handler, directory=directory, websocket_url=websocket_url)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:  # Ctrl+C ends setup.sh quietly; its trap stops Prosody
            pass


if __name__ == "__main__":
    main()
