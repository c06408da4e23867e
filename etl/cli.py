"""CLI groups ``etl`` (loading data) and ``units`` (the unit registry)."""

from __future__ import annotations

from pathlib import Path

import click

from bandotheche.db import open_database

from .boundary_sources import open_source
from .crosswalks import read_crosswalk, shipped_crosswalk_paths
from .export_units import export_units
from .load_boundaries import load_boundaries
from .official_units import load_unit_list


@click.group()
@click.pass_obj
def etl(settings) -> None:
    """Load boundaries and statistics into the database (its schema brought up to date first)."""
    open_database(settings.database_url).dispose()


@etl.command("boundaries")
@click.option("--province", metavar="NAME|CODE", help="A province by name (with or without diacritics) or GSO code.")
@click.option("--all", "whole_country", is_flag=True, help="Load every province of Vietnam.")
@click.option("--source", default="gadm", show_default=True, metavar="gadm|PATH",
              help="GADM 4.1 (downloaded once into the cache) or a local GeoJSON, zipped Shapefile or GeoPackage.")
@click.option("--columns", metavar="FIELD=COL,...",
              help="Column mapping of a local file: province, district, commune (names) and/or "
                   "province_code, district_code, commune_code. Default: GADM's NAME_1, NAME_2, NAME_3.")
@click.option("--crs", metavar="CRS", help="CRS of a local file that does not declare one, e.g. EPSG:5899 (VN-2000).")
@click.option("--crosswalk", "crosswalks", multiple=True, type=click.Path(path_type=Path),
              help="Crosswalk CSV of merged or renamed units (repeatable); the project's own apply by default.")
@click.option("--no-default-crosswalks", is_flag=True, help="Apply only the crosswalks given with --crosswalk.")
@click.option("--unit-list", type=click.Path(path_type=Path),
              help="A GSO list file of official units instead of the installed vietnam-provinces package.")
@click.option("--partial", is_flag=True,
              help="The file holds only part of a province: put what it holds on top of the province's current "
                   "boundary set, whose other units are kept (without it such a file is refused).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars.")
@click.pass_obj
def boundaries(settings, province, whole_country, source, columns, crs, crosswalks, no_default_crosswalks,
               unit_list, partial, quiet) -> None:
    """Load district and commune boundaries, matched to the official units, into the database."""
    if bool(province) == whole_country:
        raise click.UsageError("give either --province NAME|CODE or --all")
    units = load_unit_list(unit_list)
    province_code = units.resolve_province(province)["code"] if province else None
    paths = list(crosswalks) + ([] if no_default_crosswalks else shipped_crosswalk_paths())
    read_crosswalks = [read_crosswalk(path, units) for path in dict.fromkeys(paths)]
    boundary_source = open_source(source, settings, columns=columns, crs=crs, quiet=quiet)
    engine = open_database(settings.database_url, migrate=False)  # upgraded by the group (or `demo`)
    result = load_boundaries(engine, boundary_source, units, read_crosswalks, province_code, partial=partial,
                             quiet=quiet)
    for line in result.lines():
        click.echo(line)


@click.group()
def units() -> None:
    """The registry of administrative units."""


@units.command("export")
@click.option("--province", metavar="NAME|CODE", help="Only this province (default: every loaded unit).")
@click.option("--level", type=click.Choice(["province", "district", "commune"]), help="Only this level.")
@click.option("--format", "fmt", type=click.Choice(["csv", "geojson"]), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output file (default: standard output).")
@click.pass_obj
def export(settings, province, level, fmt, output) -> None:
    """Write the unit registry (code,name,type,level,parent_code,area_km2) as CSV or GeoJSON."""
    province_code = load_unit_list().resolve_province(province)["code"] if province else None
    data = export_units(open_database(settings.database_url), fmt, province_code=province_code, level=level)
    if output:
        output.write_bytes(data)
    else:
        click.get_binary_stream("stdout").write(data)


def _register_statistics() -> None:
    from .stats_cli import batches, demo, dossiers, stats

    etl.add_command(stats)
    etl.add_command(dossiers)
    etl.add_command(batches)
    etl.add_command(demo)


_register_statistics()
