"""``bandotheche serve``: the web map on a production WSGI server."""

from __future__ import annotations

import os

import click

from bandotheche.config import Settings
from bandotheche.db import open_database


def run_server(settings: Settings, host: str, port: int, workers: int | None, threads: int, config_file) -> None:
    """gunicorn with threaded workers; each worker process builds its own app (own engine, own caches)."""
    from gunicorn.app.base import BaseApplication

    from . import create_app
    from .settings import WebSettings
    from .warm import start_warming

    web_settings = WebSettings.load(config_file=config_file).with_overrides(database_url=settings.database_url)

    class WebMapServer(BaseApplication):
        def load_config(self):
            options = {"bind": f"{host}:{port}", "workers": workers or os.cpu_count() or 2, "threads": threads,
                       "worker_class": "gthread", "accesslog": None, "errorlog": "-", "timeout": 120,
                       "keepalive": 5, "preload_app": False}
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            app = create_app(web_settings)
            start_warming(app)
            return app

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


def with_server_options(command):
    for option in reversed(server_options):
        command = option(command)
    return command


@click.command()
@with_server_options
@click.pass_obj
def serve(settings: Settings, **server) -> None:
    """Bring the database schema up to date, then serve the web map on a production WSGI server (gunicorn,
    threaded workers)."""
    open_database(settings.database_url).dispose()
    run_server(settings, **server)
