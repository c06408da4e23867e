"""Web settings: defaults, a TOML file, BANDO_* variables over the file, and clear errors for bad files."""

from __future__ import annotations

import re

import pytest

from bandotheche.errors import InputError
from webmap.settings import WebSettings


def test_defaults_follow_the_project_settings(tmp_path):
    settings = WebSettings.load({"BANDO_HOME": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'bandotheche.sqlite'}"
    assert settings.default_province == "49" and settings.tile_url == ""


def test_file_then_environment(tmp_path):
    config = tmp_path / "web.toml"
    config.write_text('[web]\ndefault_province = "48"\ntile_url = "https://tiles.example/{z}/{x}/{y}.png"\n'
                      'page_cache_size = 10\nembed_origins = "https://a.gov.vn"\n', encoding="utf-8")
    from_file = WebSettings.load({"BANDO_WEB_CONFIG": str(config)})
    assert from_file.default_province == "48" and from_file.page_cache_size == 10
    assert from_file.tile_url.startswith("https://tiles.example")
    overridden = WebSettings.load({"BANDO_WEB_CONFIG": str(config), "BANDO_DEFAULT_PROVINCE": "01",
                                   "BANDO_PAGE_CACHE_SIZE": "3"})
    assert overridden.default_province == "01" and overridden.page_cache_size == 3
    assert overridden.embed_origins == "https://a.gov.vn"


@pytest.mark.parametrize("content, message", [
    ("[web]\ncolour = 'red'\n", "unknown setting(s) colour"),
    ("[web\n", "not valid TOML"),
    ("[web]\npage_cache_size = 'many'\n", "'many' is not a number"),
])
def test_bad_files_are_named_with_the_fix(tmp_path, content, message):
    config = tmp_path / "web.toml"
    config.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)) as error:
        WebSettings.load({}, config_file=config)
    assert str(config) in str(error.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="not found"):
        WebSettings.load({"BANDO_WEB_CONFIG": str(tmp_path / "none.toml")})


def test_bad_environment_value():
    with pytest.raises(InputError, match="BANDO_DATA_CHECK_SECONDS"):
        WebSettings.load({"BANDO_DATA_CHECK_SECONDS": "soon"})
