#!/usr/bin/env bash
# Put the JavaScript the web book needs into book/_vendor/, so that the built
# site serves it itself and a reader needs no CDN: MathJax 3 (formulas),
# require.js and @jupyter-widgets/html-manager (widget state saved in a notebook).
# The packages come from the npm registry, pinned; a stamp file records the
# versions, so a second run with the same pins does nothing.
# _config.yml copies book/_vendor/ into the site's _static/ and points
# `mathjax_path` and `nb_ipywidgets_js` at these files.
set -euo pipefail
# The script's own checksum is part of the stamp, so editing what it copies
# also redoes the work.
SELF=$(sha256sum "$0" | cut -c1-16)
cd "$(dirname "$0")/.."

MATHJAX=mathjax@3.2.2
REQUIREJS=requirejs@2.3.8
# 1.0.x is the widget manager of ipywidgets 8 (ipywidgets asks for ^1.0.1).
HTML_MANAGER=@jupyter-widgets/html-manager@1.0.15

DEST=book/_vendor
STAMP="$DEST/.versions"
ENTRY_POINTS="mathjax/tex-chtml.js requirejs/require.js html-manager/embed-amd.js"
WANTED="$MATHJAX $REQUIREJS $HTML_MANAGER $SELF"

installed() {
    [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANTED" ] || return 1
    for file in $ENTRY_POINTS; do
        [ -s "$DEST/$file" ] || return 1
    done
}

if installed; then
    echo "vendor_js: $DEST is up to date ($MATHJAX $REQUIREJS $HTML_MANAGER)"
    exit 0
fi

command -v npm >/dev/null || {
    echo "vendor_js: npm is missing; install Node.js (e.g. apt-get install npm)" >&2
    exit 1
}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "vendor_js: fetching $MATHJAX $REQUIREJS $HTML_MANAGER from the npm registry"
# npm checks each tarball against the registry's integrity hash.
(cd "$WORK" && npm pack --silent --loglevel=error "$MATHJAX" "$REQUIREJS" "$HTML_MANAGER" >/dev/null)
for tarball in "$WORK"/*.tgz; do
    name=$(basename "$tarball" .tgz)
    mkdir "$WORK/$name"
    tar -xzf "$tarball" -C "$WORK/$name"
done

NEW="$WORK/_vendor"
mkdir -p "$NEW/mathjax" "$NEW/requirejs" "$NEW/html-manager"

# MathJax: the tex-chtml combined component and the pieces it loads on demand
# (TeX extensions, CHTML fonts, menu, accessibility); the other combined
# components are never loaded by it.
mathjax="$WORK/mathjax-${MATHJAX#mathjax@}/package"
cp "$mathjax/es5/tex-chtml.js" "$mathjax/LICENSE" "$NEW/mathjax/"
for dir in a11y adaptors input output sre ui; do
    cp -R "$mathjax/es5/$dir" "$NEW/mathjax/"
done

requirejs="$WORK/requirejs-${REQUIREJS#requirejs@}/package"
# Its MIT licence notice is the header comment of require.js itself.
cp "$requirejs/require.js" "$NEW/requirejs/"

# The widget manager: embed-amd.js (which bundles libembed-amd and the core
# widgets) and the icon fonts its CSS loads from beside it.
manager="$WORK/jupyter-widgets-html-manager-${HTML_MANAGER##*@}/package"
cp "$manager"/dist/embed-amd.js "$manager"/dist/*.LICENSE.txt "$NEW/html-manager/"
cp "$manager"/dist/*.{woff,woff2,ttf,eot,svg} "$NEW/html-manager/"
# package.json carries the BSD-3-Clause licence and the exact version.
cp "$manager/package.json" "$NEW/html-manager/"

for file in $ENTRY_POINTS; do
    [ -s "$NEW/$file" ] || { echo "vendor_js: $file is missing from the packages" >&2; exit 1; }
done

echo "$WANTED" > "$NEW/.versions"
rm -rf "$DEST"
mv "$NEW" "$DEST"
echo "vendor_js: installed into $DEST ($(du -sh "$DEST" | cut -f1))"
