"""``bandotheche serve`` (the web map on a production WSGI server) and ``bandotheche demo`` (build, then serve)."""

from __future__ import annotations

import os
from dataclasses import replace

import click

from bandotheche.config import Settings, default_shared_gadm_dir
from bandotheche.errors import InputError

DEMO_PROVINCE = "49"  # Quảng Nam


def _serve(settings: Settings, host: str, port: int, workers: int | None, threads: int, config_file) -> None:
    from gunicorn.app.base import BaseApplication

    from . import create_app
    from .settings import WebSettings

    web_settings = WebSettings.load(config_file=config_file).with_overrides(database_url=settings.database_url)

    class WebMapServer(BaseApplication):
        """gunicorn with threaded workers; each worker process builds its own app (own engine, own caches)."""

        def load_config(self):
            options = {"bind": f"{host}:{port}", "workers": workers or os.cpu_count() or 2, "threads": threads,
                       "worker_class": "gthread", "accesslog": None, "errorlog": "-", "timeout": 120,
                       "keepalive": 5, "preload_app": False}
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return create_app(web_settings)

    click.echo(f"Bản đồ thể chế: http://{host}:{port}/  (database {web_settings.database_url})", err=True)
    WebMapServer().run()


server_options = [
    click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one)."),
    click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535)),
    click.option("--workers", type=click.IntRange(1, 64), help="Worker processes (default: one per CPU core)."),
    click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Threads per worker."),
    click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False),
                 help="Web settings file (TOML); env: BANDO_WEB_CONFIG. BANDO_* variables override it."),
]


def _with_server_options(command):
    for option in reversed(server_options):
        command = option(command)
    return command


@click.command()
@_with_server_options
@click.pass_obj
def serve(settings: Settings, host, port, workers, threads, config_file) -> None:
    """Serve the web map on a production WSGI server (gunicorn, threaded workers)."""
    _serve(settings, host, port, workers, threads, config_file)


@click.command()
@_with_server_options
@click.option("--no-serve", is_flag=True, help="Only build the database.")
@click.pass_context
def demo(ctx: click.Context, host, port, workers, threads, config_file, no_serve) -> None:
    """Build the embedded database (Quảng Nam boundaries + demo statistics) and serve the map."""
    from etl.cli import etl

    settings: Settings = ctx.obj
    if settings.gadm_dir is None and (default_shared_gadm_dir() / "gadm41_VNM_3.json.zip").exists():
        settings = replace(settings, gadm_dir=default_shared_gadm_dir())  # the machines' local copy
    ctx.obj = settings
    boundaries = etl.get_command(ctx, "boundaries")
    ctx.invoke(boundaries, province=DEMO_PROVINCE, source="gadm", quiet=True)
    demo_data = etl.get_command(ctx, "demo")
    if demo_data is None:
        raise InputError("`bandotheche etl demo` is not available in this installation; cannot load demo statistics")
    ctx.invoke(demo_data)
    if not no_serve:
        _serve(settings, host, port, workers, threads, config_file)
