"""``bandotheche indicators list`` and ``bandotheche values export``."""

from __future__ import annotations

import io
from pathlib import Path

import click

from bandotheche.db import open_database
from bandotheche.spreadsheet import CSV_LINE_END, safe_frame

from .catalogue import default_catalogue
from .units import resolve_province
from .map_layer import build_layer


@click.group()
def indicators() -> None:
    """The indicator catalogue."""


@indicators.command("list")
@click.option("--language", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def list_indicators(language) -> None:
    """Every indicator by theme: id, unit, roll-up, levels and name."""
    for theme, title, members in default_catalogue().by_theme():
        click.echo(f"# {title[language]} ({theme})")
        for ind in members:
            levels = ",".join(ind.levels)
            click.echo(f"{ind.id:38} {ind.unit:11} {ind.rollup:8} {ind.scope:9} {levels:32} {ind.title[language]}")


@click.group()
def values() -> None:
    """Indicator values per unit and period."""


@values.command("export")
@click.option("--indicator", "indicator_id", required=True, metavar="ID", help="See `bandotheche indicators list`.")
@click.option("--period", required=True, metavar="2022-06|2022-Q2|2022|latest")
@click.option("--level", required=True, type=click.Choice(["province", "district", "commune", "agency"]))
@click.option("--province", metavar="NAME|CODE", help="Only this province (required for agencies).")
@click.option("--parent", metavar="CODE", help="Only the units inside this district (GSO code).")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output file (default: standard output).")
@click.pass_obj
def export(settings, indicator_id, period, level, province, parent, fmt, output) -> None:
    """Write the layer's table (layers.map_layer TABLE_COLUMNS: the figures every screen shows) as CSV or XLSX."""
    if level == "agency" and not province:
        raise click.UsageError("agencies belong to a province: give --province")
    engine = open_database(settings.database_url)
    province_code = resolve_province(engine, province) if province else None
    layer = build_layer(engine, indicator_id, period, level,
                        province_code=province_code, parent_code=parent)
    frame = safe_frame(layer.table.drop(columns=["class"]))
    click.echo(f"note: {indicator_id} {layer.period}, {level}; rank: {layer.rank_order.replace('_', ' ')}", err=True)
    if layer.demo:
        click.echo(f"note: {indicator_id} {layer.period} includes DEMO DATA (column demo)", err=True)
    if fmt == "csv":
        data = frame.to_csv(index=False, lineterminator=CSV_LINE_END).encode("utf-8")
    else:
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False, sheet_name=f"{indicator_id}"[:31])
        data = buffer.getvalue()
    if output:
        output.write_bytes(data)
    else:
        click.echo(data, nl=False)
