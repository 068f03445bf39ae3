"""Where the files live: the quick XDG answers must be exactly platformdirs' answers."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs
import pytest

from journal import paths

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG on Linux")


@linux_only
@pytest.mark.parametrize("data_home", [None, "", "/srv/xdg data", "/srv//xdg/", "relative/dir"])
@pytest.mark.parametrize("config_home", [None, "", "/srv/conf", "conf"])
@pytest.mark.parametrize("home", ["/home/ana", "/home/ana/", "/"])
def test_default_folders_match_platformdirs(monkeypatch, data_home, config_home, home):
    monkeypatch.delenv(paths.DATA_ENV, raising=False)
    monkeypatch.delenv(paths.CONFIG_ENV, raising=False)
    monkeypatch.setenv("HOME", home)
    for name, value in (("XDG_DATA_HOME", data_home), ("XDG_CONFIG_HOME", config_home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    expected_data = platformdirs.user_data_path(paths.APP_NAME)
    assert paths.default_data_dir() == expected_data
    assert paths.data_file() == expected_data / "journal.json"
    assert Path(paths.data_file_name()) == expected_data / "journal.json"
    assert paths.config_dir() == platformdirs.user_config_path(paths.APP_NAME)


@pytest.mark.parametrize("given", ["j.json", "../j.json", "~/pain/j.json", "/abs/./j.json"])
def test_a_given_path_is_expanded_and_made_absolute_as_pathlib_does(monkeypatch, tmp_path,
                                                                     given):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expected = Path(given).expanduser().absolute()
    assert Path(paths.data_file_name(given)) == paths.data_file(given) == expected
    monkeypatch.setenv(paths.DATA_ENV, given)
    assert Path(paths.data_file_name()) == paths.data_file() == expected


def test_the_string_path_keeps_dot_dot_as_the_path_does(monkeypatch, tmp_path):
    """``..`` after a symlinked folder is not the folder's parent: never normalise it away."""
    monkeypatch.chdir(tmp_path)
    assert paths.data_file_name("../j.json") == os.path.join(str(tmp_path), "../j.json")
