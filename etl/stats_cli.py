"""``bandotheche etl stats|dossiers|demo``: statistics into the database, each file one transaction and one batch."""

from __future__ import annotations

from pathlib import Path

import click

from bandotheche.db import open_database

from .import_tables import DEFAULT_MAX_ROWS, parse_stat_table
from .stat_units import StatUnitResolver
from .store_stats import refuse_if_rejected, store_batch

FILES = click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
PROVINCE = click.option("--province", metavar="NAME|CODE",
                        help="The province of units given by name (when the file has no 'Tỉnh' column).")
SKIP_INVALID = click.option("--skip-invalid", is_flag=True,
                            help="Import the valid rows and record the rejected ones in the batch "
                                 "(default: any rejected row stops the file).")


def _open(settings):
    """The database, whose schema the `etl` group (or `demo`) has brought up to date already."""
    return open_database(settings.database_url, migrate=False)


def _echo(result) -> None:
    for line in result.lines():
        click.echo(line)


@click.command("stats")
@FILES
@PROVINCE
@SKIP_INVALID
@click.option("--max-rows", type=int, default=DEFAULT_MAX_ROWS, show_default=True,
              help="Refuse larger aggregated tables (one row per unit and period).")
@click.pass_obj
def stats(settings, files, province, skip_invalid, max_rows) -> None:
    """Import aggregated tables (CSV/XLSX, templates in data/templates/): dossiers, 766 scores, investment,
    evaluation indices. Re-importing a period replaces it."""
    resolver = StatUnitResolver()
    province_code = resolver.province_code(province) if province else None
    engine = _open(settings)
    for path in files:
        parsed = parse_stat_table(path, resolver, province_code, max_rows=max_rows)
        if not skip_invalid:
            refuse_if_rejected(parsed)
        _echo(store_batch(engine, parsed, kind="tables"))


@click.command("dossiers")
@FILES
@PROVINCE
@SKIP_INVALID
@click.pass_obj
def dossiers(settings, files, province, skip_invalid) -> None:
    """Import dossier records (one row per dossier; template data/templates/dossier_records.csv): every dossier
    measure per unit and month. Re-importing replaces the months the file covers."""
    from .dossier_records import parse_dossier_records

    resolver = StatUnitResolver()
    province_code = resolver.province_code(province) if province else None
    engine = _open(settings)
    for path in files:
        parsed = parse_dossier_records(path, resolver, province_code)
        if not skip_invalid:
            refuse_if_rejected(parsed)
        _echo(store_batch(engine, parsed, kind="dossiers"))


@click.command("batches")
@click.option("--rejections", "show_rejections", is_flag=True, help="Also print each batch's rejected rows.")
@click.pass_obj
def batches(settings, show_rejections) -> None:
    """The statistics imports recorded so far: file, checksum, time, rows accepted and rejected."""
    from sqlalchemy import select

    from bandotheche.db import StatBatch

    engine = _open(settings)
    with engine.connect() as conn:
        for batch in conn.execute(select(StatBatch).order_by(StatBatch.id)).all():
            demo_flag = " DEMO" if batch.is_demo else ""
            click.echo(f"{batch.id:>4} {batch.created_at:%Y-%m-%d %H:%M:%S} {batch.kind:8}{demo_flag} "
                       f"{batch.file_name} sha256:{batch.checksum[:12]} {batch.rows_accepted} accepted, "
                       f"{batch.rows_rejected} rejected, {batch.values_written} values, "
                       f"{batch.values_replaced} replaced")
            if show_rejections and batch.rejections:
                click.echo("\n".join(f"       {line}" for line in batch.rejections.splitlines()))


@click.command("demo")
@click.option("--seed", type=int, default=None, help="Seed of the generator (default 766: the same data every time).")
@click.pass_obj
def demo(settings, seed) -> None:
    """Load the demo statistics of Quảng Nam (2021-01 to 2022-12, flagged as demo data) and the real 2021 ranks."""
    from .demo_stats import REAL_RANKS, SEED, generate_demo

    resolver = StatUnitResolver()
    engine = _open(settings)
    parsed = generate_demo(resolver, SEED if seed is None else seed)
    click.echo("DEMO DATA (generated, not official figures):")
    _echo(store_batch(engine, parsed, kind="demo", is_demo=True))
    ranks = parse_stat_table(REAL_RANKS, resolver)
    refuse_if_rejected(ranks)
    _echo(store_batch(engine, ranks, kind="tables"))
