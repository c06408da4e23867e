"""The ``bandotheche`` command: a thin shell over the ETL and the web app."""

from __future__ import annotations

import sys

import click

from .config import Settings
from .errors import BandoError


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


def _register_commands() -> None:
    from etl.cli import etl, units
    from webmap.cli import demo, serve

    cli.add_command(etl)
    cli.add_command(units)
    cli.add_command(serve)
    cli.add_command(demo)
    from layers.cli import indicators, values

    cli.add_command(indicators)
    cli.add_command(values)


_register_commands()


def main() -> None:
    cli(prog_name="bandotheche")
