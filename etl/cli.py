"""CLI groups ``etl`` (loading data) and ``units`` (the unit registry)."""

from __future__ import annotations

import click


@click.group()
def etl() -> None:
    """Load boundaries and statistics into the database."""


@click.group()
def units() -> None:
    """The registry of administrative units."""
