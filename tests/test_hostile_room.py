"""The room's server against a device that opens connections and never finishes a request.

Before the bounds, one phone that opened a thousand connections and sent their headers a byte at a time
used up the program's files: no other phone could load the page, the laptop could not save, and the log
took a traceback for every connection refused by the system (20,000 in ten seconds).
"""

from __future__ import annotations

import socket

import pytest
from roomkit import AcceptingHandler

from cxdesigner.room import server as server_module
from cxdesigner.room.server import RoomServer, connection_limit


@pytest.fixture
def started(monkeypatch):
    """Start a room server on a free port with the module's bounds as the test sets them first."""
    servers: list[RoomServer] = []

    def start(**bounds: float) -> RoomServer:
        for name, value in bounds.items():
            monkeypatch.setattr(server_module, name, value)
        handler = AcceptingHandler()
        server = RoomServer(handler, "127.0.0.1", 0)
        handler.server = server
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def half_request(server: RoomServer, source: str) -> socket.socket:
    """A connection from ``source`` that sends the start of a request and then nothing more."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=15, source_address=(source, 0))
    sock.sendall(f"GET /{server.token}/ HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n".encode())
    return sock


def closed_by_server(sock: socket.socket) -> bool:
    """Whether the server ends ``sock`` (it waits at most the socket's timeout)."""
    try:
        return sock.recv(1024) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    finally:
        sock.close()


def page_status(server: RoomServer, source: str) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=15, source_address=(source, 0)) as sock:
        sock.sendall(
            f"GET /{server.token}/ HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nConnection: close\r\n\r\n".encode()
        )
        return sock.recv(12)


def test_connections_beyond_the_bounds_are_closed_at_once_and_the_page_still_loads(started):
    server = started(MAX_CONNECTIONS_PER_ADDRESS=3, MAX_CONNECTIONS=5, REQUEST_TIMEOUT=60.0)
    held = [half_request(server, "127.0.0.1") for _ in range(3)]
    try:
        assert closed_by_server(half_request(server, "127.0.0.1"))  # a fourth from the same device
        assert page_status(server, "127.0.0.2") == b"HTTP/1.1 200"  # another phone is served meanwhile
        held += [half_request(server, "127.0.0.2") for _ in range(2)]
        assert closed_by_server(half_request(server, "127.0.0.3"))  # a sixth in all, from anywhere
    finally:
        for sock in held:
            sock.close()


def test_a_connection_that_does_not_finish_its_request_in_time_is_closed(started):
    server = started(REQUEST_TIMEOUT=0.3)
    assert closed_by_server(half_request(server, "127.0.0.1"))
    assert page_status(server, "127.0.0.1") == b"HTTP/1.1 200"


@pytest.mark.parametrize(("soft", "limit"), [(1024, 500), (200, 100), (1_048_576, 500)])
def test_the_connections_leave_the_program_half_of_the_files_it_may_open(monkeypatch, soft, limit):
    import resource

    monkeypatch.setattr(resource, "getrlimit", lambda _which: (soft, resource.RLIM_INFINITY))
    assert connection_limit() == limit
