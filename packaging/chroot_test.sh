#!/bin/sh
# `make deb-test`: install the .deb into a clean, minimal Debian and start it there (as root; about 5 minutes).
#
#     sh packaging/chroot_test.sh dist/cxdesigner_0.1.0-1_amd64.deb [SUITE]
#
# debootstrap makes a minbase Debian (SUITE, default bookworm) from the mirror apt already uses, apt
# installs the package with its Depends and nothing recommended (so Depends alone must be enough),
# then the app runs offscreen: --version, a new project, a PNG map, the window opened on the
# project and closed. Then the recommended tools come in and dpkg's triggers must have registered
# the .cxd type and the desktop file. Downloaded packages are kept in build/debootstrap-cache;
# the chroot is removed at the end (KEEP=1 keeps it to look around).
set -eu

deb=$(readlink -f "$1")
suite=${2:-bookworm}
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/build/debootstrap-cache"
mirror=${MIRROR:-$(sed -n 's/^URIs: *\([^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
mirror=${mirror:-http://deb.debian.org/debian}
[ "$(id -u)" = 0 ] || { echo "chroot_test.sh: needs root (debootstrap, chroot)"; exit 2; }
[ -f "$deb" ] || { echo "chroot_test.sh: $1 not found: run make deb"; exit 2; }
command -v debootstrap >/dev/null || { echo "chroot_test.sh: apt-get install debootstrap"; exit 2; }

target=$(mktemp -d /var/tmp/cxd-chroot-XXXXXX)
chmod 755 "$target"  # the chroot's / : apt's own user must get through it
cleanup() {
    for m in "$target/dev/pts" "$target/dev" "$target/proc"; do
        mountpoint -q "$m" 2>/dev/null && umount -l "$m"
    done
    if [ "${KEEP:-0}" = 1 ]; then echo "kept: $target"; else rm -rf "$target"; fi
}
trap cleanup EXIT INT TERM
step() { echo "== $(date -u +%H:%M:%S) $*"; }

step "debootstrap $suite (minbase) from $mirror"
mkdir -p "$cache"
debootstrap --variant=minbase --cache-dir="$cache" "$suite" "$target" "$mirror" >"$target.log" 2>&1 \
    || { tail -20 "$target.log"; rm -f "$target.log"; exit 1; }
rm -f "$target.log"
mount -t proc proc "$target/proc"
mount --bind /dev "$target/dev"
mount --bind /dev/pts "$target/dev/pts"
in_root() { chroot "$target" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

step "apt-get install ./$(basename "$deb") (no recommends)"
cp "$deb" "$target/tmp/cxdesigner.deb"
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/cxdesigner.deb \
    >/dev/null
in_root dpkg -s cxdesigner | sed -n 's/^\(Version\|Depends\): /  \1: /p'

step "libraries every file of the bundle links against"
missing=$(in_root sh -c 'cd /opt/cxdesigner/_internal; export LD_LIBRARY_PATH=$PWD:$PWD/PySide6/Qt/lib;
    find . -name "*.so*" -type f | while read f; do ldd "$f" 2>/dev/null | grep "not found" | sed "s|^|$f: |"; done' \
    | sort -u)
if [ -n "$missing" ]; then echo "$missing"; echo "FAILED: libraries missing"; exit 1; fi
echo "  none missing"

run() { in_root env QT_QPA_PLATFORM=offscreen CXDESIGNER_DATA_DIR=/root/data "$@"; }
step "cxdesigner --version, new, export PNG"
run cxdesigner --version
run cxdesigner new /root/hotel.cxd --template hotel
run cxdesigner export /root/hotel.cxd --format png -o /root/map.png
head -c 8 "$target/root/map.png" | od -An -c | grep -q "P   N   G" || { echo "FAILED: no PNG"; exit 1; }
echo "  map.png: $(stat -c %s "$target/root/map.png") bytes"

step "the app, offscreen, on the project"
started=$(run env CXDESIGNER_QUIT_AFTER_START=1 cxdesigner /root/hotel.cxd 2>/root/stderr.txt) \
    || { cat "$target/root/stderr.txt" 2>/dev/null; echo "FAILED: the app exited with an error"; exit 1; }
echo "  $started"
case "$started" in *"icon yes, desktop file io.github.cxdesigner.CXDesigner"*) ;; *) echo "FAILED"; exit 1;; esac

step "recommended tools: the triggers register the file type and the menu entry"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq desktop-file-utils shared-mime-info >/dev/null
type=$(in_root sh -c 'grep -l "x-cxdesigner" /usr/share/mime/mime.cache >/dev/null && echo cache-ok;
    grep -h "application/x-cxdesigner" /usr/share/applications/mimeinfo.cache')
echo "$type" | sed 's/^/  /'
case "$type" in *cache-ok*io.github.cxdesigner.CXDesigner.desktop*) ;; *) echo "FAILED: not registered"; exit 1;; esac
step "passed"
