"""A TCP proxy in front of PostgreSQL that a test can cut and restore: the database "stopped"
and "back", as the app servers see it, without stopping the server the rest of the suite uses."""

import socket
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

BUFFER = 65536


def database_address(url):
    """Where the database at `url` listens: a Unix socket's path (the embedded server) or (host, port)."""
    parts = urlsplit(url)
    host = unquote(parts.hostname or "")
    if host.startswith("/"):
        sockets = sorted(Path(host).glob(".s.PGSQL.*"))
        sockets = [path for path in sockets if not path.name.endswith(".lock")]
        assert sockets, f"no PostgreSQL socket in {host}"
        return str(sockets[0])
    return (host or "127.0.0.1", parts.port or 5432)


class TcpProxy:
    def __init__(self, target):
        self.target = target
        self.port = None
        self._listener = None
        self._connections = set()
        self._lock = threading.Lock()

    def start(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port or 0))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self):
        """The database goes away: no new connection is accepted, open ones are reset."""
        listener, self._listener = self._listener, None
        if listener:
            _close(listener)  # shutdown first: close alone leaves a thread blocked in accept() listening
        with self._lock:
            connections, self._connections = self._connections, set()
        for connection in connections:
            _close(connection)

    def restore(self):
        self.start()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                family = socket.AF_UNIX if isinstance(self.target, str) else socket.AF_INET
                upstream = socket.socket(family, socket.SOCK_STREAM)
                upstream.connect(self.target)
            except OSError:
                _close(client)
                continue
            with self._lock:
                self._connections.update((client, upstream))
            threading.Thread(target=_pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=_pump, args=(upstream, client), daemon=True).start()


def _pump(source, destination):
    try:
        while data := source.recv(BUFFER):
            destination.sendall(data)
    except OSError:
        pass
    finally:
        _close(source)
        _close(destination)


def _close(connection):
    try:
        connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    connection.close()
