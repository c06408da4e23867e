"""Load test of the production server against the naive Folium handler, in the same run, on loopback.

Builds a database (Quảng Nam's boundaries from the shared GADM file + demo data) unless one is given, starts
`bandotheche serve` and the naive app (bench/naive_folium_app.py, same WSGI server), and drives each endpoint with
the same closed-loop load (N concurrent clients for D seconds), one server at a time.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .load_generator import LoadResult, run_load
from .servers import build_database, cli_has, free_port, naive_command, production_command, serving

# What a person's browser asks the production server for, at each level (the app's routes: webmap/).
ENDPOINTS = (
    ("map page, districts", "/map/49?level=district"),
    ("map page, communes", "/map/49?level=commune"),
    ("GeoJSON, districts", "/api/geojson/49?level=district"),
    ("GeoJSON, communes", "/api/geojson/49?level=commune"),
)
NAIVE = ("naive Folium, communes", "/")
READY_PATH = "/static/favicon.svg"  # answers as soon as the server is up, whatever the data
# Pages no one asked for yet (the server caches rendered pages): each demo month at each level, requested once.
COLD_PATHS = tuple(f"/map/49?level={level}&period={year}-{month:02d}"
                   for level in ("district", "commune") for year in (2021, 2022) for month in range(1, 13))
# A burst of first opens: the profile of every commune of the province in every quarter of 2022, none cached, asked
# by 16 clients at once while the load above runs on a cached map page.
BURST_CLIENTS = 16
BURST_MAP = "/map/49"  # a warm path: cached in every worker
EXPORT_PATH = "/export/49.png?level=commune"  # print-resolution PNG of the province's communes, through the server
TARGET_SPEEDUP = 20
TARGET_P99_MS = 100


@dataclass(frozen=True)
class LoadOptions:
    connections: int = 8
    seconds: float = 10
    warmup_requests: int = 20
    use_wrk: bool = True


def run(work_dir: Path, options: LoadOptions, *, database_url: str | None = None,
        endpoints: tuple[tuple[str, str], ...] = ENDPOINTS) -> list[str]:
    lines = [f"Load: {options.connections} concurrent clients × {options.seconds:g} s per endpoint, "
             f"loopback, Accept-Encoding: gzip; one server loaded at a time"]
    naive = _measure_naive(work_dir, options)
    results: list[tuple[str, LoadResult | str]] = []
    export: tuple[float, int] | str | None = None
    cold: tuple[float, float, float] | str | None = None
    burst: tuple[LoadResult, dict[int, int]] | str | None = None
    if not cli_has("serve"):
        lines.append("  production server: `bandotheche serve` does not exist yet; measuring the naive handler only")
    else:
        try:
            database_url = database_url or build_database(work_dir)
            port = free_port()
            with serving("production", production_command(database_url, port), port, work_dir,
                         ready_path=READY_PATH) as base:
                results = [(label, _try(_measure, base + path, options)) for label, path in endpoints]
                cold = _try(_cold_renders, base, COLD_PATHS)
                burst = _try(_during_burst, base, options)
                export = _try(_time_export, base + EXPORT_PATH)
        except RuntimeError as error:
            lines.append(f"  production server: {error}")
    lines.append(f"  {'endpoint':<24} {'median':>9} {'p99':>9} {'req/s':>8} {'× naive':>8}  tool, errors")
    for label, result in [(NAIVE[0], naive), *results]:
        if isinstance(result, str):
            lines.append(f"  {label:<24} failed: {result}")
            continue
        speedup = result.throughput / naive.throughput if naive.throughput else float("nan")
        lines.append(f"  {label:<24} {result.p50_ms:7.1f}ms {result.p99_ms:7.1f}ms {result.throughput:8.1f} "
                     f"{speedup:8.1f}  {result.tool}, {result.errors}")
    for label, result in results:
        met = not isinstance(result, str) and result.throughput >= TARGET_SPEEDUP * naive.throughput \
            and result.p99_ms < TARGET_P99_MS
        lines.append(f"  target ≥ {TARGET_SPEEDUP}× naive and p99 < {TARGET_P99_MS} ms, {label}: "
                     f"{'met' if met else 'MISSED'}")
    if isinstance(cold, str):
        lines.append(f"  first requests of uncached pages: failed: {cold}")
    elif cold is not None:
        lines.append(f"  first request of {len(COLD_PATHS)} uncached map pages (each month × level, one at a time): "
                     f"median {cold[0]:.0f} ms, p90 {cold[1]:.0f} ms, max {cold[2]:.0f} ms")
    if isinstance(burst, str):
        lines.append(f"  cached map page during a burst of first profile opens: failed: {burst}")
    elif burst is not None:
        result, statuses = burst
        lines.append(f"  {BURST_MAP} (cached) while {BURST_CLIENTS} clients open distinct uncached profiles: "
                     f"{result.throughput:.0f} req/s, median {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms; "
                     f"profiles answered: " + ", ".join(f"{n} × {status}" for status, n in sorted(statuses.items())))
    if isinstance(export, str):
        lines.append(f"  GET {EXPORT_PATH}: failed: {export}")
    elif export is not None:
        seconds, size = export
        lines.append(f"  GET {EXPORT_PATH}: median {seconds:.3f} s over 5 requests, {size / 1024:.0f} KB; "
                     f"target < 2 s: {'met' if seconds < 2 else 'MISSED'}")
    return lines


def _try(function, *args):
    """The function's result, or the reason it failed (an endpoint that errors is reported, not fatal)."""
    try:
        return function(*args)
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        return f"{type(error).__name__}: {error}"


def _during_burst(base: str, options: LoadOptions) -> tuple[LoadResult, dict[int, int]]:
    """Load on a cached map page while BURST_CLIENTS threads ask for distinct uncached profiles (each URL once)."""
    urllib.request.urlopen(base + BURST_MAP, timeout=60).read()
    with urllib.request.urlopen(base + "/api/units?province=49&level=commune", timeout=60) as response:
        codes = [unit["code"] for unit in json.load(response)["units"]]
    paths = iter(f"/unit/{code}?period=2022-Q{quarter}" for quarter in range(1, 5) for code in codes)
    statuses, lock, stop = {}, threading.Lock(), threading.Event()

    def client() -> None:
        while not stop.is_set():
            with lock:
                path = next(paths, None)
            if path is None:
                return
            try:
                with urllib.request.urlopen(base + path, timeout=60) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=client, daemon=True) for _ in range(BURST_CLIENTS)]
    for thread in threads:
        thread.start()
    time.sleep(1)  # the burst has taken the server's threads that it can take
    result = _measure(base + BURST_MAP, options)
    stop.set()
    for thread in threads:
        thread.join(timeout=70)
    return result, statuses


def _cold_renders(base: str, paths: tuple[str, ...]) -> tuple[float, float, float]:
    times = []
    for path in paths:
        start = time.perf_counter()
        with urllib.request.urlopen(base + path, timeout=60) as response:
            response.read()
        times.append((time.perf_counter() - start) * 1000)
    return float(np.median(times)), float(np.percentile(times, 90)), max(times)


def _time_export(url: str, repeats: int = 5) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as response:
            size = len(response.read())
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def _measure_naive(work_dir: Path, options: LoadOptions) -> LoadResult:
    port = free_port()
    with serving("naive", naive_command(port), port, work_dir) as base:
        return _measure(base + NAIVE[1], options)


def _measure(url: str, options: LoadOptions) -> LoadResult:
    for _ in range(options.warmup_requests):
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
    return run_load(url, connections=options.connections, seconds=options.seconds, use_wrk=options.use_wrk)
