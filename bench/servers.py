"""Start and stop the servers under test as child processes on loopback, and build the database they read."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).with_name("bandotheche"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cli_has(*command: str) -> bool:
    """Whether `bandotheche COMMAND --help` exists (the web server and demo data are built by others)."""
    return subprocess.run([CLI, *command, "--help"], capture_output=True).returncode == 0


def run_cli(database_url: str, *args: str) -> None:
    result = subprocess.run([CLI, "--database", database_url, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"bandotheche {' '.join(args)} failed:\n{result.stderr.strip() or result.stdout.strip()}")


@contextmanager
def serving(name: str, command: list[str], port: int, log_dir: Path, ready_path: str = "/", timeout: float = 120):
    """Run command until the block ends; yields the base URL once ready_path answers 200."""
    log_path = log_dir / f"{name}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT,
                                   start_new_session=True, env=os.environ.copy())
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(process, base + ready_path, timeout, log_path)
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_ready(process: subprocess.Popen, url: str, timeout: float, log_path: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}; log {log_path}:\n"
                               + log_path.read_text(errors="replace")[-2000:])
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:  # up, but the page fails: no use waiting
            raise RuntimeError(f"{url} answered {error.code}; log {log_path}:\n"
                               + log_path.read_text(errors="replace")[-1500:]) from None
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s; log {log_path}")


def production_command(database_url: str, port: int) -> list[str]:
    return [CLI, "--database", database_url, "serve", "--host", "127.0.0.1", "--port", str(port)]


def naive_command(port: int) -> list[str]:
    """The naive Folium app under the same WSGI server and settings as `bandotheche serve` (webmap/cli.py):
    gunicorn, threaded workers, one per core, 4 threads each."""
    return [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(os.cpu_count() or 2),
            "--threads", "4", "--worker-class", "gthread", "--keep-alive", "5", "--timeout", "120",
            "bench.naive_folium_app:create_app()"]


def gadm_file() -> Path:
    from bandotheche.config import default_shared_gadm_dir

    return Path(os.environ.get("BANDO_GADM_DIR") or default_shared_gadm_dir()) / "gadm41_VNM_3.json.zip"


def build_database(work_dir: Path, *, whole_country: bool = False) -> str:
    """A fresh SpatiaLite file: GADM boundaries (Quảng Nam, or every province) plus the demo statistics."""
    name = "vietnam" if whole_country else "quang_nam"
    url = f"sqlite:///{work_dir / f'{name}.sqlite'}"
    scope = ["--all"] if whole_country else ["--province", "Quảng Nam"]
    run_cli(url, "etl", "boundaries", *scope, "--source", str(gadm_file()), "-q")
    if cli_has("etl", "demo"):
        run_cli(url, "etl", "demo")
    return url
