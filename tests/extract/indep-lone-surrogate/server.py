# A HubSpot-shaped list page in which one string ends in an unpaired UTF-16 surrogate
# escape ("\ud83d": an emoji cut in half, as Java services can send).  RFC 8259 section
# 8.2: the grammar allows it, and receivers behave unpredictably.  Prints its port.
import json
from http.server import BaseHTTPRequestHandler, HTTPServer
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        b = json.dumps({"results": [{"id": "1", "properties": {"firstname": "ok"}}, {"id": "2", "properties": {"firstname": "trunc \ud83d"}}]}).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json"); self.send_header("Content-Length", str(len(b))); self.end_headers(); self.wfile.write(b)
s = HTTPServer(("127.0.0.1", 0), H); print(s.server_port, flush=True); s.serve_forever()
