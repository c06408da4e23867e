"""The ``bandotheche`` command: a thin shell over the ETL and the web app, and the one place that composes them."""

from __future__ import annotations

import sys
from dataclasses import replace

import click

from etl.cli import etl, units
from layers.cli import indicators, values
from webmap.cli import run_server, serve, with_server_options

from .config import Settings, default_shared_gadm_dir
from .db import open_database
from .db.engine import head_revision
from .errors import BandoError

DEMO_PROVINCE = "49"  # Quảng Nam


class BandoGroup(click.Group):
    """Turns project errors into one line on stderr and a non-zero exit, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BandoError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=BandoGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--database",
    metavar="URL",
    help="sqlite:///FILE (SpatiaLite, the default) or postgresql://HOST/DB (PostGIS). Env: BANDO_DATABASE_URL.",
)
@click.pass_context
def cli(ctx: click.Context, database: str | None) -> None:
    """Bản đồ thể chế: the institutional map of a Vietnamese province."""
    ctx.obj = Settings.from_env().with_database(database)


@cli.group("db")
def database() -> None:
    """The database: create it or bring its schema up to date."""


@database.command("upgrade")
@click.pass_obj
def upgrade(settings: Settings) -> None:
    """Create the database or bring its schema up to date (Alembic migrations; nothing to do when it is).
    `etl`, `demo` and `serve` do it when they start; the web app itself never does."""
    engine = open_database(settings.database_url)
    engine.dispose()
    click.echo(f"{engine.url.render_as_string(hide_password=True)}: schema at revision {head_revision()}")


@cli.command()
@with_server_options
@click.option("--no-serve", is_flag=True, help="Only build the database.")
@click.pass_context
def demo(ctx: click.Context, no_serve, **server) -> None:
    """Build the embedded database (Quảng Nam boundaries + demo statistics) and serve the map."""
    settings: Settings = ctx.obj
    if settings.gadm_dir is None and (default_shared_gadm_dir() / "gadm41_VNM_3.json.zip").exists():
        settings = replace(settings, gadm_dir=default_shared_gadm_dir())  # the machines' local copy
    ctx.obj = settings
    open_database(settings.database_url).dispose()  # the schema, once for every step below
    ctx.invoke(etl.get_command(ctx, "boundaries"), province=DEMO_PROVINCE, source="gadm", quiet=True)
    ctx.invoke(etl.get_command(ctx, "demo"))
    if not no_serve:
        run_server(settings, **server)


for _command in (etl, units, serve, indicators, values):
    cli.add_command(_command)


def main() -> None:
    cli(prog_name="bandotheche")
