#!/usr/bin/env bash
# Put the JavaScript the web book needs into book/_vendor/, so that the built
# site serves it itself and a reader needs no CDN: MathJax 3 (formulas). The
# widgets are the book's own script (book/_ext/live_widgets.py writes it).
# The packages come from the npm registry, pinned; a stamp file records the
# versions, so a second run with the same pins does nothing.
# _config.yml copies book/_vendor/ into the site's _static/ and points
# `mathjax_path` at it.
set -euo pipefail
# The script's own checksum is part of the stamp, so editing what it copies
# also redoes the work.
SELF=$(sha256sum "$0" | cut -c1-16)
cd "$(dirname "$0")/.."

MATHJAX=mathjax@3.2.2

DEST=book/_vendor
STAMP="$DEST/.versions"
ENTRY_POINTS="mathjax/tex-chtml.js"
WANTED="$MATHJAX $SELF"

installed() {
    [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANTED" ] || return 1
    for file in $ENTRY_POINTS; do
        [ -s "$DEST/$file" ] || return 1
    done
}

if installed; then
    echo "vendor_js: $DEST is up to date ($MATHJAX)"
    exit 0
fi

command -v npm >/dev/null || {
    echo "vendor_js: npm is missing; install Node.js (e.g. apt-get install npm)" >&2
    exit 1
}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "vendor_js: fetching $MATHJAX from the npm registry"
# npm checks each tarball against the registry's integrity hash.
(cd "$WORK" && npm pack --silent --loglevel=error "$MATHJAX" >/dev/null)
for tarball in "$WORK"/*.tgz; do
    name=$(basename "$tarball" .tgz)
    mkdir "$WORK/$name"
    tar -xzf "$tarball" -C "$WORK/$name"
done

NEW="$WORK/_vendor"
mkdir -p "$NEW/mathjax"

# MathJax: the tex-chtml combined component and the pieces it loads on demand
# (TeX extensions, CHTML fonts, menu, accessibility); the other combined
# components are never loaded by it.
mathjax="$WORK/mathjax-${MATHJAX#mathjax@}/package"
cp "$mathjax/es5/tex-chtml.js" "$mathjax/LICENSE" "$NEW/mathjax/"
for dir in a11y adaptors input output sre ui; do
    cp -R "$mathjax/es5/$dir" "$NEW/mathjax/"
done

for file in $ENTRY_POINTS; do
    [ -s "$NEW/$file" ] || { echo "vendor_js: $file is missing from the packages" >&2; exit 1; }
done

echo "$WANTED" > "$NEW/.versions"
rm -rf "$DEST"
mv "$NEW" "$DEST"
echo "vendor_js: installed into $DEST ($(du -sh "$DEST" | cut -f1))"
