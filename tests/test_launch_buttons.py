"""Launch buttons exist only when _config.yml names the book's repository."""
import importlib.util
from pathlib import Path
from types import SimpleNamespace

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _extension():
    path = ROOT / "book" / "_ext" / "launch_buttons_if_repository.py"
    spec = importlib.util.spec_from_file_location("launch_buttons_if_repository", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _theme_options(url):
    config = SimpleNamespace(html_theme_options={
        "repository_url": url, "launch_buttons": {"binderhub_url": "https://mybinder.org",
                                                  "colab_url": "https://colab.research.google.com"}})
    _extension().drop_launch_buttons_without_repository(None, config)
    return config.html_theme_options


def test_without_a_repository_there_are_no_launch_buttons():
    assert _theme_options("")["launch_buttons"] == {}
    assert _theme_options(None)["launch_buttons"] == {}


def test_with_a_repository_binder_and_colab_stay():
    options = _theme_options("https://github.com/example/book")
    assert options["launch_buttons"]["binderhub_url"] and options["launch_buttons"]["colab_url"]


def test_the_config_has_one_repository_setting_and_no_placeholder():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["repository"]["url"] == ""
    assert {"binderhub_url", "colab_url"} <= set(config["launch_buttons"])
    assert "launch_buttons_if_repository" in config["sphinx"]["local_extensions"]
    assert (ROOT / "binder" / "postBuild").stat().st_mode & 0o111
