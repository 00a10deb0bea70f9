"""What a widget cell stores for the web book: the state in its HTML output."""
import html
import json
import re


def stored_state(widget):
    """The starting state that ``widget``'s HTML output hands to the web page."""
    data, _ = widget._repr_mimebundle_()
    match = re.search(rf'data-widget="{widget.name}" data-state="([^"]*)"', data["text/html"])
    assert match, data["text/html"]
    return json.loads(html.unescape(match.group(1)))
