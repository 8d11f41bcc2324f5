"""``igflab serve``: the local web page, its JSON API and the CDS Hooks service."""

from __future__ import annotations

import argparse

from igflab.cli.output import one_line, write_err

__all__ = ["add_arguments", "port_problem", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this computer only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")


def port_problem(host: str, port: int) -> tuple[str, str] | None:
    """Why ``host:port`` cannot be listened on, as (field, message) (None: it can), found by binding it as the
    server will."""
    import errno
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except OSError as exc:  # an unknown host name
        return "host", f"cannot listen on {host}: {exc.strerror or exc}; give an address of this computer with --host"
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds: a closing port is free
        try:
            s.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (
                    "port",
                    f"port {port} on {host} is in use; stop what uses it, or choose another with --port {port + 1}",
                )
            if exc.errno == errno.EACCES:
                return "port", f"no permission to listen on port {port}; choose a port above 1023 with --port"
            return "port", f"cannot listen on {host}:{port}: {exc.strerror or exc}; check --host and --port"
    return None


def run(args: argparse.Namespace) -> int:
    from igflab.errors import InputError

    if not 0 < args.port < 65536:
        raise InputError(f"--port must be 1 to 65535, got {args.port}", field="port")
    problem = port_problem(args.host, args.port)
    if problem is not None:  # said before "serving", never after
        raise InputError(problem[1], field=problem[0])
    try:
        from igflab.web import serve

        serve(args.host, args.port, announce=lambda url: write_err(f"igflab: serving {url} (Ctrl+C stops)\n"))
    except ImportError as exc:
        write_err(f"igflab: error: {one_line(str(exc))}\n")
        return 2
    return 0
