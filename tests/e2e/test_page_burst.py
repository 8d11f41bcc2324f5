"""A burst against a real server: 3,000 requests, 16 at a time, over kept-alive connections; no 5xx, none dropped.

uvicorn serves the app on a free 127.0.0.1 port in its own process; the requests mix the page's
results (values across the whole accepted range, every unit the form keeps, laboratory ranges
up to 30,000 ng/mL), forms with mistakes, ``HEAD``, the style sheet and the JSON API. A 5xx
used to close the connection, so the next request on it failed: every request must get its answer.
"""

from __future__ import annotations

import asyncio
import collections
import os
import random
import socket
import subprocess
import sys
import time
from typing import Any
from urllib.parse import urlencode

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn")

from tests.support import ROOT  # noqa: E402

REQUESTS = 3000
CONCURRENT = 16


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Any:
    port = _free_port()
    code = (
        "import uvicorn\nfrom igflab.web import create_app\n"
        f"uvicorn.run(create_app(), host='127.0.0.1', port={port}, log_level='warning')"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


UNITS = {"ng/mL": 1.0, "µg/L": 1.0, "ug/L": 1.0, "mcg/L": 1.0, "ng/dL": 100.0, "nmol/L": 1 / 7.649}


def _requests(rng: random.Random) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, httpx keyword arguments) for the burst, in a fixed order."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    for i in range(REQUESTS):
        unit = rng.choice(list(UNITS))
        ng = 10 ** rng.uniform(-2, 5.2)  # 0.01 to 158,000 ng/mL
        form = {"value": f"{ng * UNITS[unit]:.4g}", "unit": unit, "age": rng.choice(["2", "16", "45", "70"])}
        form["sex"] = rng.choice(["female", "male", "unknown", "m", "f"])
        if i % 3 == 0:
            form |= {"lab_low": f"{20 * UNITS[unit]:g}", "lab_high": f"{30_000 * UNITS[unit]:g}"}
        kind = i % 10
        if kind < 5:
            out.append(("GET", "/?" + urlencode(form), {}))
        elif kind == 5:
            bad = form | {"age": "-1", "sex": "robot", "lab_high": ""}
            out.append(("POST", "/", {"data": bad}))
        elif kind == 6:
            out.append(("HEAD", "/?" + urlencode(form), {}))
        elif kind == 7:
            out.append(("GET", rng.choice(["/", "/static/style.css", "/api/v1/references"]), {}))
        elif kind == 8:
            body = {"value": form["value"], "unit": unit, "age": float(form["age"]), "sex": form["sex"]}
            out.append(("POST", "/api/v1/interpret", {"json": body}))
        else:
            out.append(("POST", "/", {"data": form}))
    return out


async def _burst(base: str, todo: list[tuple[str, str, dict[str, Any]]]) -> tuple[collections.Counter[int], list[str]]:
    statuses: collections.Counter[int] = collections.Counter()
    failures: list[str] = []
    queue: asyncio.Queue[tuple[str, str, dict[str, Any]]] = asyncio.Queue()
    for item in todo:
        queue.put_nowait(item)
    limits = httpx.Limits(max_connections=CONCURRENT, max_keepalive_connections=CONCURRENT)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:

        async def worker() -> None:
            while not queue.empty():
                method, path, kwargs = queue.get_nowait()
                try:
                    answer = await client.request(method, path, **kwargs)
                except httpx.TransportError as exc:  # a dropped or refused connection
                    failures.append(f"{method} {path}: {type(exc).__name__} {exc}")
                    continue
                statuses[answer.status_code] += 1
                if answer.status_code >= 500:
                    failures.append(f"{method} {path}: {answer.status_code} {answer.text[:200]}")

        await asyncio.gather(*(worker() for _ in range(CONCURRENT)))
    return statuses, failures


def test_a_burst_of_3000_requests_at_16_concurrent_gets_no_5xx_and_drops_no_connection(server: str) -> None:
    todo = _requests(random.Random(25))
    statuses, failures = asyncio.run(_burst(server, todo))
    assert failures == []
    assert sum(statuses.values()) == REQUESTS
    assert set(statuses) <= {200, 422}
    assert statuses[422] >= REQUESTS // 10  # the forms with mistakes: the form again, not an error page
