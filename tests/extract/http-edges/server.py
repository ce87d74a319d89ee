# A tiny HTTP server for tests/extract/http-edges: Retry-After as HTTP dates,
# a redirect, a gzip body, an oversized body.  Writes its port to argv[1].
import gzip, http.server, json, os, socketserver, sys, time
from email.utils import formatdate

hits = {}

class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *a):
        pass

    def send(self, code, body, headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        n = hits[self.path] = hits.get(self.path, 0) + 1
        auth = self.headers.get("Authorization")
        if self.path == "/dates":
            if n == 1:   # a date in the past: retry now
                return self.send(429, b"{}", [("Retry-After", formatdate(time.time() - 3600, usegmt=True))])
            if n == 2:   # a date 100 s ahead: scaled by MOPS_RETRY_SCALE
                return self.send(503, b"{}", [("Retry-After", formatdate(time.time() + 100, usegmt=True))])
            return self.send(200, b'[{"id":1,"n":1.10}]', [("Content-Type", "application/json")])
        if self.path == "/redirect":
            return self.send(302, b"", [("Location", "http://127.0.0.1:9/elsewhere")])
        if self.path == "/gzip":
            body = gzip.compress(json.dumps([{"id": i} for i in range(3)]).encode())
            return self.send(200, body, [("Content-Encoding", "gzip")])
        if self.path == "/big":
            return self.send(200, b"[" + b'{"id":1},' * 20000 + b'{"id":2}]')
        if self.path == "/auth":
            return self.send(200, json.dumps([{"auth": auth, "key": self.headers.get("X-Api-Key")}]).encode())
        self.send(404, b"{}")

srv = socketserver.TCPServer(("127.0.0.1", 0), H)
tmp = sys.argv[1] + ".tmp"
with open(tmp, "w") as f:
    f.write("%d\n" % srv.server_address[1])
os.rename(tmp, sys.argv[1])
srv.serve_forever()
