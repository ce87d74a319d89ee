# Loaded by python3 at start-up when tests/extract/common.sh puts this folder on
# PYTHONPATH: the fixture server then sends with TCP_NODELAY, so curl's
# keep-alive requests are not held ~40 ms by Nagle + delayed ACK (the handler
# writes headers and body separately).  Remove once the server sets it itself.
import socketserver

socketserver.StreamRequestHandler.disable_nagle_algorithm = True
