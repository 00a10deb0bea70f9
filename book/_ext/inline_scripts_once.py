"""Sphinx extension: write each inline <script> of a page only once.

Sphinx 7.4 registers an inline script added after the builder starts (a
script with a body and no file name, such as sphinx-thebe's configuration)
twice: once with file name None and once with ''. The page then declares
sphinx-thebe's `const THEBE_JS_URL` twice, and the browser reports
"Identifier 'THEBE_JS_URL' has already been declared" on every page.
"""


def _key(script):
    # None and '' both mean "no file": the body is the script.
    return (script.filename or None, script.priority, tuple(sorted(script.attributes.items())))


def drop_repeated_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen = set()
    unique = []
    for script in scripts:
        if _key(script) not in seen:
            seen.add(_key(script))
            unique.append(script)
    # In place: the builder restores this same list after writing the page.
    scripts[:] = unique


def setup(app):
    # Late, so scripts that other extensions add to this page are included.
    app.connect("html-page-context", drop_repeated_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
