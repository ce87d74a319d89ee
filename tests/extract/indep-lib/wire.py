# wire.py - what the real vendors' servers do on the wire, for the stand-ins:
# bodies compressed with gzip when the client accepts it (the Content-Encoding header),
# chunked transfer for larger bodies, and, when asked through the environment, transient
# failures:
# INDEP_429_EVERY=N answers every Nth request 429 (with the vendor's body and
# Retry-After: 1), INDEP_503_EVERY=M every Mth 503 with an HTML page (as a proxy in
# front of the API sends).  Counters are per server process.
import gzip, os, threading
_lock = threading.Lock()
_n = [0]
E429 = int(os.environ.get("INDEP_429_EVERY", "0") or 0)
E503 = int(os.environ.get("INDEP_503_EVERY", "0") or 0)
faults = {"429": 0, "503": 0}

def _note():
    # faults.txt in the server's folder: how many of each were injected so far
    with open("faults.txt", "w") as f:
        f.write("429=%d 503=%d\n" % (faults["429"], faults["503"]))

def reply(h, code, body, ctype, headers=()):
    if isinstance(body, str):
        body = body.encode()
    gz = "gzip" in (h.headers.get("Accept-Encoding") or "") and len(body) > 256
    if gz:
        body = gzip.compress(body)
    h.send_response(code)
    h.send_header("Content-Type", ctype)
    for k, v in headers:
        h.send_header(k, v)
    if gz:
        h.send_header("Content-Encoding", "gzip")
    if len(body) > 16384:
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        for i in range(0, len(body), 7000):
            c = body[i:i + 7000]
            h.wfile.write(b"%x\r\n%s\r\n" % (len(c), c))
        h.wfile.write(b"0\r\n\r\n")
    else:
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

def fault(h, body429, ctype="application/json;charset=utf-8"):
    """Answer this request with an injected failure; True if it did."""
    with _lock:
        _n[0] += 1
        n = _n[0]
    if E429 and n % E429 == 0:
        faults["429"] += 1
        _note()
        reply(h, 429, body429, ctype, [("Retry-After", "1")])
        return True
    if E503 and n % E503 == 0:
        faults["503"] += 1
        _note()
        reply(h, 503, "<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>",
              "text/html")
        return True
    return False
