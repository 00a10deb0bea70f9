"""The widgets' JavaScript is put together the same way for Jupyter and for the web book."""
import importlib

import pytest

from scratchnet.widgets import bundle
from scratchnet.widgets.live import LiveWidget


def test_every_widget_has_its_files_and_a_python_class():
    assert bundle.NAMES, "no js/*.maths.js found"
    for name in bundle.NAMES:
        importlib.import_module(f"scratchnet.widgets.{name}_widget")
        classes = {cls.name: cls for cls in LiveWidget.__subclasses__()}
        assert name in classes, f"no LiveWidget subclass has name = {name!r}"
        assert classes[name]._esm == bundle.module_source(name)
        assert (bundle.JS / f"{name}.js").is_file()


def test_the_module_and_the_page_script_hold_the_same_code():
    script = bundle.page_script()
    common = (bundle.JS / "common.js").read_text(encoding="utf-8")
    assert script.count(common) == 1, "common.js once in the page script"
    for name in bundle.NAMES:
        module = bundle.module_source(name)
        assert module.startswith(common)
        body = module[len(common):].replace(bundle.EXPORT, "return { render, maths };")
        assert body.strip() in script
        assert f'widgets["{name}"] = (function () {{' in script
    assert "export " not in script and "import " not in script


def test_a_widget_file_that_imports_or_exports_otherwise_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(bundle, "JS", tmp_path)
    (tmp_path / "common.js").write_text("", encoding="utf-8")
    (tmp_path / "bad.maths.js").write_text("const maths = {};\n", encoding="utf-8")
    (tmp_path / "bad.js").write_text('import x from "./y.js";\nexport default { render, maths };\n',
                                     encoding="utf-8")
    with pytest.raises(ValueError, match="import nothing"):
        bundle.module_source("bad")
    (tmp_path / "bad.js").write_text("export default { render };\n", encoding="utf-8")
    with pytest.raises(ValueError, match="must end in"):
        bundle.page_script(["bad"])
