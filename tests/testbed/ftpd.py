"""The test bed's FTP server (pyftpdlib): `python ftpd.py CONFIG.json`.

TLS is offered (AUTH TLS) but not forced on the control connection, so one server serves
both the explicit-TLS tests and the plain-FTP refusal test; data connections are protected
whenever the client asked for it (PROT P), as rclone does with explicit_tls.
"""

from __future__ import annotations

import json
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import TLS_FTPHandler
from pyftpdlib.servers import FTPServer


def main(config_file: str) -> None:
    with open(config_file) as handle:
        config = json.load(handle)
    authorizer = DummyAuthorizer()
    authorizer.add_user(config["username"], config["password"], config["home"], perm="elradfmwMT")
    handler = TLS_FTPHandler
    handler.certfile = config["certfile"]
    handler.keyfile = config["keyfile"]
    handler.authorizer = authorizer
    handler.passive_ports = range(config["passive_ports"][0], config["passive_ports"][1] + 1)
    handler.tls_control_required = False
    handler.tls_data_required = False
    server = FTPServer((config["address"], config["port"]), handler)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
