"""Closed-loop load on loopback: N clients, each sending its next request when the last one is answered.

Uses wrk (Debian package ``wrk``) when installed; otherwise Python threads with keep-alive connections, which
costs the server some of the machine's two cores, so figures from the fallback are lower bounds.
"""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")


@dataclass(frozen=True)
class LoadResult:
    tool: str
    requests: int
    errors: int
    seconds: float
    bytes: int
    p50_ms: float
    p99_ms: float

    @property
    def throughput(self) -> float:
        """Successful requests per second."""
        return (self.requests - self.errors) / self.seconds


def run_load(url: str, *, connections: int, seconds: float, use_wrk: bool = True) -> LoadResult:
    host = urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"load is generated on loopback only, not against {host}")
    if use_wrk and shutil.which("wrk"):
        return _run_wrk(url, connections, seconds)
    return _run_threads(url, connections, seconds)


def _run_wrk(url: str, connections: int, seconds: float) -> LoadResult:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
               "-s", str(WRK_SCRIPT), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 30).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    return LoadResult("wrk", figures["requests"], figures["errors"], figures["duration_us"] / 1e6,
                      figures["bytes"], figures["p50_us"] / 1000, figures["p99_us"] / 1000)


def _run_threads(url: str, connections: int, seconds: float) -> LoadResult:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.perf_counter() + seconds
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections
    received = [0] * connections

    def client(i: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                connection.request("GET", target, headers={"Accept-Encoding": "gzip"})
                response = connection.getresponse()
                received[i] += len(response.read())
                if response.status != 200:
                    errors[i] += 1
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            latencies[i].append(time.perf_counter() - start)
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    all_latencies = np.concatenate([np.asarray(x) for x in latencies]) * 1000
    return LoadResult("python", len(all_latencies), sum(errors), elapsed, sum(received),
                      float(np.percentile(all_latencies, 50)), float(np.percentile(all_latencies, 99)))
