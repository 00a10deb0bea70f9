"""Sphinx extension: launch buttons only when the book says where its repository is.

The repository's URL is one setting, ``repository.url`` in ``_config.yml``.
The Binder and Colab buttons are links into that repository, so without it
they would lead nowhere (and sphinx-book-theme fails on a notebook page
whose repository it cannot parse). With the setting empty, this removes the
launch buttons; every page keeps its download button (the .ipynb file) and
the README's steps to run the book locally.
"""


def drop_launch_buttons_without_repository(app, config):
    options = config.html_theme_options
    if not str(options.get("repository_url") or "").strip():
        options["launch_buttons"] = {}
        options.pop("repository_url", None)


def setup(app):
    app.connect("config-inited", drop_launch_buttons_without_repository)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
