"""Serves a directory on loopback with the right MIME type for .wasm (a static file server)."""
import functools
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, quiet, with `application/wasm` for the wasm module."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
    }

    def log_message(self, *args) -> None:  # the tests read the console, not access logs
        pass


def main() -> None:
    directory, port = sys.argv[1], int(sys.argv[2])
    handler = functools.partial(Handler, directory=directory)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:  # Ctrl+C ends setup.sh quietly; its trap stops Prosody
            pass


if __name__ == "__main__":
    main()
