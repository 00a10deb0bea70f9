"""The repository setting: launch buttons and the chapters' install cells follow _config.yml."""
import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from IPython.core.inputtransformer2 import TransformerManager

ROOT = Path(__file__).resolve().parent.parent


def load_script():
    spec = importlib.util.spec_from_file_location("set_repository",
                                                  ROOT / "scripts" / "set_repository.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


set_repository = load_script()


def test_every_chapter_starts_with_the_install_cell_of_the_configured_url():
    assert set_repository.main(["--check"]) == 0


@pytest.mark.parametrize("url", ["", "https://github.com/ORG/REPO"])
def test_the_install_cell_runs_where_the_package_is_installed(url):
    # IPython turns the %pip line into Python; where scratchnet is installed, as
    # in nbval and in the book's .venv, the cell does nothing.
    cell = set_repository.install_cell(url)
    python = TransformerManager().transform_cell("".join(cell["source"]))
    exec(compile(python, "<install cell>", "exec"), {})
    assert cell["metadata"]["tags"] == ["remove-cell"]  # not shown on the web page
    assert (url in python) if url else ("make book" in python)


def test_a_url_reaches_the_config_and_every_chapter(tmp_path, monkeypatch):
    (tmp_path / "book").mkdir()
    for chapter in set_repository.chapters()[:2]:
        shutil.copy(chapter, tmp_path / "book" / chapter.name)
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    monkeypatch.setattr(set_repository, "ROOT", tmp_path)
    monkeypatch.setattr(set_repository, "CONFIG", tmp_path / "_config.yml")
    assert set_repository.main(["https://github.com/ORG/REPO/"]) == 0
    assert 'url: "https://github.com/ORG/REPO"' in (tmp_path / "_config.yml").read_text()
    for chapter in (tmp_path / "book").glob("*.ipynb"):
        cells = json.loads(chapter.read_text())["cells"]
        assert "git+https://github.com/ORG/REPO" in "".join(cells[0]["source"])
        assert sum(cell.get("id") == "install-scratchnet" for cell in cells) == 1
    assert set_repository.main(["--check"]) == 0
    with pytest.raises(SystemExit):
        set_repository.main(["http://example.org/a b"])
