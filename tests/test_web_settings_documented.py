"""Every web setting is in webmap/README.md's table, and the timeouts and budgets read from the environment."""

from __future__ import annotations

from dataclasses import fields

from bandotheche import PROJECT_ROOT
from webmap.settings import WebSettings

UNDOCUMENTED = {"site_title"}  # not for deployments to change


def test_every_setting_has_a_row_in_the_readme():
    readme = (PROJECT_ROOT / "webmap" / "README.md").read_text(encoding="utf-8")
    keys = "".join(line.split("|")[1] for line in readme.splitlines() if line.startswith("| `"))
    missing = [f.name for f in fields(WebSettings) if f.name not in UNDOCUMENTED and f"`{f.name}`" not in keys]
    assert missing == []


def test_timeouts_and_budgets_come_from_the_environment():
    settings = WebSettings.load({"BANDO_DATABASE_CONNECT_TIMEOUT": "2", "BANDO_DATABASE_STATEMENT_TIMEOUT": "0.5",
                                 "BANDO_EXPORT_MAX_PIXELS": "1000000", "BANDO_PAGE_CACHE_MEGABYTES": "64"})
    assert (settings.database_connect_timeout, settings.database_statement_timeout) == (2.0, 0.5)
    assert (settings.export_max_pixels, settings.page_cache_megabytes) == (1_000_000, 64)
    defaults = WebSettings.load({})
    assert defaults.database_connect_timeout > 0 and defaults.database_statement_timeout > 0
