#!/bin/sh
# Retake the README screenshots: the hotel template in English and Spanish at 1600x1000 under Xvfb.
# Needs: apt-get install -y xvfb imagemagick xdotool. The click selects a card so the inspector shows. Run from the repository root after `make run` once.
set -eu
out=docs/screenshots
tmp=$(mktemp -d)
for lang in en es; do
  CXDESIGNER_DATA_DIR="$tmp/data" .venv/bin/cxdesigner new "$tmp/hotel-$lang.cxd" --template hotel --lang "$lang" >/dev/null
  CXDESIGNER_DATA_DIR="$tmp/data" CXDESIGNER_LANG="$lang" xvfb-run -a -s '-screen 0 1600x1000x24' sh -c \
    ".venv/bin/cxdesigner '$tmp/hotel-$lang.cxd' & p=\$!; sleep 6; xdotool mousemove 800 290 click 1; sleep 1; import -window root '$out/hotel-$lang.png'; kill \$p"
done
rm -rf "$tmp"
echo "wrote $out/hotel-en.png $out/hotel-es.png"
