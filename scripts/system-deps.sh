#!/bin/sh
# Install the system pieces rendering needs (Pango for WeasyPrint, the fonts the
# stylesheet names for Latin, Arabic and Chinese, gettext's msgfmt for the catalog
# tests, chromium for the browser tests) through Debian packages, only when they are missing.
set -eu

missing=""
fc-list 2>/dev/null | grep -q "NotoSans-Regular" || missing="$missing fonts-noto-core"
# Arabic comes with fonts-noto-core (Noto Sans Arabic); Chinese needs the CJK fonts.
fc-list 2>/dev/null | grep -q "NotoSansArabic-Regular" || missing="$missing fonts-noto-core"
fc-list 2>/dev/null | grep -q "NotoSansCJK-Regular" || missing="$missing fonts-noto-cjk"
# The tests check every PO file with GNU msgfmt -c.
command -v msgfmt >/dev/null 2>&1 || missing="$missing gettext"
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so.0" || missing="$missing libpango-1.0-0"
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || missing="$missing libpangoft2-1.0-0"
# WeasyPrint subsets fonts with HarfBuzz when it is there (and warns when it is not).
ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so.0" || missing="$missing libharfbuzz-subset0"
command -v fc-list >/dev/null 2>&1 || missing="$missing fontconfig"
# The tests read fonts and structure of PDFs with poppler's pdffonts and pdftoppm.
command -v pdffonts >/dev/null 2>&1 || missing="$missing poppler-utils"
# The HTML tests open pages in Debian's chromium (driven by Playwright, which downloads nothing).
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"

# The shell completion test loads the zsh script in zsh (bash is always there).
command -v zsh >/dev/null 2>&1 || missing="$missing zsh"

missing=$(echo "$missing" | tr ' ' '\n' | sort -u | tr '\n' ' ')
[ -z "$(echo "$missing" | tr -d ' ')" ] && exit 0
missing=" $missing"

echo "system: installing$missing" >&2
if [ "$(id -u)" = "0" ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "system: missing Debian packages:$missing" >&2
    echo "system: install them with: sudo apt-get install$missing" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "system: no apt-get here; install the equivalents of:$missing" >&2
    exit 1
fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fc-cache -f >/dev/null 2>&1 || true
