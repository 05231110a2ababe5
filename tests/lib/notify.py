#!/usr/bin/python3
"""Stand-in for systemd's notification socket, for tests.

    notify.py SOCKET OUT

Binds a datagram socket at SOCKET (what NOTIFY_SOCKET names) and appends
every message it receives to OUT, one line per assignment, flushed at
once, until SIGTERM.
"""
import os
import signal
import socket
import sys


def main():
    path, out = sys.argv[1], sys.argv[2]
    if os.path.exists(path):
        os.unlink(path)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    with open(out, "a", buffering=1) as f:
        while True:
            msg = s.recv(4096).decode("utf-8", "replace")
            for line in msg.splitlines():
                f.write(line + "\n")


if __name__ == "__main__":
    main()
