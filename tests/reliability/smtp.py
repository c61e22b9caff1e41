"""A mail server the tests control: a few lines of SMTP over a socket (the standard library's
smtpd is deprecated and aiosmtpd is not among the project's packages).

It keeps a message the moment the client has sent all of it (the final `.`), before it answers,
as real servers do (Postfix queues it, then says 250): a client that dies while waiting for the
answer has delivered a message it will never know about (RFC 1047). The tests can make it
answer late, at the end of DATA or at QUIT, and can stop it (connections refused) and start it
again on the same port.
"""

import re
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes

HOLD_LIMIT = 30  # seconds a held answer waits at most, so that a failing test never hangs


@dataclass
class Received:
    raw: bytes
    answered: bool = False  # the client was told 250: it knows the message went

    @property
    def message(self):
        return message_from_bytes(self.raw)

    @property
    def message_id(self):
        return self.message["Message-ID"]

    @property
    def to(self):
        return self.message["To"]


@dataclass
class _Hold:
    """An answer not given until released: `reached` once a client waits on it."""

    reached: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)


class SmtpSink:
    def __init__(self):
        self.port = None
        self.received = []
        self.holds = {}  # "data" or "quit" -> _Hold, for the next client that gets there
        self._listener = None
        self._clients = []
        self._lock = threading.Lock()

    # The server.

    def start(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port or 0))
        listener.listen(16)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self):
        """Down: new connections refused, open ones cut."""
        if self._listener:
            # shutdown() first: close() alone leaves the thread blocked in accept() accepting.
            _close(self._listener)
            self._listener = None
        with self._lock:
            clients, self._clients = self._clients, []
        for client in clients:
            _close(client)
        for hold in self.holds.values():
            hold.released.set()

    def hold(self, stage):
        """The next answer at `stage` ("data": after the message, "quit") waits until released."""
        self.holds[stage] = _Hold()
        return self.holds[stage]

    def to(self, address):
        return [message for message in self.received if address in (message.to or "")]

    # One client.

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # stopped
            with self._lock:
                self._clients.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        try:
            reader = client.makefile("rb")
            client.sendall(b"220 sink ESMTP\r\n")
            while line := reader.readline():
                command = line.strip().upper()
                if command.startswith(b"EHLO"):
                    client.sendall(b"250-sink\r\n250 8BITMIME\r\n")
                elif command == b"DATA":
                    client.sendall(b"354 go on\r\n")
                    kept = Received(self._read_message(reader))
                    self.received.append(kept)
                    if not self._wait("data", client):
                        return
                    client.sendall(b"250 queued\r\n")
                    kept.answered = True
                elif command == b"QUIT":
                    if self._wait("quit", client):
                        client.sendall(b"221 bye\r\n")
                    return
                else:  # HELO, MAIL, RCPT, RSET, NOOP
                    client.sendall(b"250 ok\r\n")
        except OSError:
            pass  # the client went away (killed), or the sink was stopped
        finally:
            _close(client)

    def _wait(self, stage, client):
        """Hold the answer if the tests asked; whether the client is still there to get it."""
        hold = self.holds.pop(stage, None)
        if not hold:
            return True
        hold.reached.set()
        hold.released.wait(HOLD_LIMIT)
        return not _closed_by_peer(client)

    @staticmethod
    def _read_message(reader):
        lines = []
        while (line := reader.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(re.sub(rb"^\.", b"", line))  # dot-stuffing undone
        return b"".join(lines)


def _closed_by_peer(client):
    """The client hung up (a killed process's sockets are closed by its kernel): an answer
    written now would seem to go out, and reach nobody."""
    client.setblocking(False)
    try:
        return client.recv(1, socket.MSG_PEEK) == b""
    except BlockingIOError:
        return False  # nothing to read: still there
    except OSError:
        return True
    finally:
        client.setblocking(True)


def _close(client):
    try:
        client.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    client.close()
