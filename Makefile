# The two commands: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SAMPLE := sample/sample.cxd
# The same sample in Spanish: `make run` opens it when CXDESIGNER_LANG or the system's locale asks for Spanish.
SAMPLE_ES := sample/muestra.cxd
MO     := $(patsubst %.po,%.mo,$(wildcard resources/translations/*.po))
CODEC  := tests/drawio_codec

# Qt offscreen needs these; a real X window needs the xcb ones too. Without a font Qt draws no text;
# without an emoji font a phone's 👍 is an empty box on the projector and in the report.
QT_PKGS := libegl1 libgl1 libdbus-1-3 libfontconfig1 libglib2.0-0 libxkbcommon0 fonts-dejavu-core \
           fonts-noto-color-emoji \
           libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
           libxcb-render-util0 libxcb-shape0 libxcb-xkb1
# The start-up figure of `make bench` (and the test that runs the suite small) needs a real X server
# and a watcher of its map events.
X_PKGS := xvfb x11-utils
# Only the tests need a browser: the room session's end-to-end test drives chromium (make run stays light).
BROWSER_PKGS := chromium chromium-driver
# The desktop files' validators and the MIME database tools the desktop tests run (skipped where missing).
DESKTOP_PKGS := desktop-file-utils appstream shared-mime-info
# Building the Debian package and trying it in a clean Debian (make deb, make deb-test).
DEB_PKGS := dpkg-dev debootstrap
SYS_PKGS = $(QT_PKGS)
DIST := dist/cxdesigner
VERSION = $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
# Where `make install-desktop` points the menu entry; `make install-desktop DESKTOP_EXEC=cxdesigner` for pipx.
DESKTOP_EXEC ?= $(abspath $(BIN))/cxdesigner

.PHONY: run test lint bench sysdeps venv venv-dev venv-package clean sample translations drawio-codec \
        icons install-desktop uninstall-desktop package package-test deb deb-test screenshots

run: sysdeps venv sample
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "No display found (DISPLAY is not set): the app needs a screen. These work without one:"; \
	  echo "  $(BIN)/cxdesigner info $(SAMPLE)"; \
	  echo "  $(BIN)/cxdesigner analyze $(SAMPLE)"; \
	  echo "  $(BIN)/cxdesigner export $(SAMPLE) --format png -o map.png"; \
	  echo "  $(BIN)/cxdesigner report $(SAMPLE) -o report.pdf"; \
	  echo "  $(BIN)/cxdesigner --help"; \
	elif [ "$$($(BIN)/python -c 'from cxdesigner.app import interface_language; print(interface_language())')" = es ]; then \
	  $(BIN)/cxdesigner $(SAMPLE_ES); \
	else \
	  $(BIN)/cxdesigner $(SAMPLE); \
	fi

test: SYS_PKGS = $(QT_PKGS) $(X_PKGS) $(BROWSER_PKGS) $(DESKTOP_PKGS)
test: sysdeps venv-dev lint drawio-codec
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n auto

# The performance table of issue 14 (docs/performance.md): minutes, not part of `make test`.
# Bytecode is written (PYTHONDONTWRITEBYTECODE unset) so start-up is not measured compiling.
# Another size or subset: make bench BENCH_ARGS="--cards 2000 --only open,undo".
BENCH_ARGS ?=
bench: SYS_PKGS = $(QT_PKGS) $(X_PKGS)
bench: sysdeps venv
	env -u PYTHONDONTWRITEBYTECODE QT_QPA_PLATFORM=offscreen $(BIN)/python bench/suite.py $(BENCH_ARGS)

lint: venv-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports

sample: venv $(SAMPLE) $(SAMPLE_ES)
# Rebuilt when a template changes; the samples are generated, never committed.
$(SAMPLE): $(wildcard resources/templates/*.json) | venv
	rm -f $(SAMPLE)
	$(BIN)/python -c "from cxdesigner.api import make_sample; make_sample('$(SAMPLE)')"
$(SAMPLE_ES): $(wildcard resources/templates/*.json) $(MO) | venv
	rm -f $(SAMPLE_ES)
	$(BIN)/python -c "from cxdesigner.api import make_sample; make_sample('$(SAMPLE_ES)', 'es')"

# System packages: checked every time (one dpkg-query for all of them: one per package took a second or two
# of every `make test`); installed when we are root, otherwise the exact command is printed.
sysdeps:
	@$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || missing_venv=python3-venv; \
	if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "Not a Debian/Ubuntu system: make sure these ($(SYS_PKGS)) and a font are installed."; exit 0; \
	fi; \
	missing="$$missing_venv"; \
	installed=" $$(dpkg-query -W -f='$${Package}=$${Status} ' $(SYS_PKGS) 2>/dev/null) "; \
	for p in $(SYS_PKGS); do \
	  case "$$installed" in *" $$p=install ok installed "*) ;; *) missing="$$missing $$p";; esac; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "Missing system packages. Run:"; echo "  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

venv: $(VENV)/.installed $(MO)
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e .
	@touch $@

# The compiled catalogues (never committed; a wheel build makes its own). Without them the app
# compiles each .po in memory at start-up, so this only saves that moment.
resources/translations/%.mo: resources/translations/%.po | $(VENV)/.installed
	$(BIN)/pybabel -q compile -l $* -i $< -o $@

# Translators: extract the marked strings and merge them into every resources/translations/*.po,
# then edit the .po in Poedit or Qt Linguist (docs/translations.md).
translations: venv-dev
	$(BIN)/python tools/catalogue.py update

venv-dev: $(VENV)/.installed-dev $(MO)
$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@ $(VENV)/.installed

# draw.io's own graph codec (the mxgraph package, run in jsdom) checks the .drawio export; the
# packages come from the committed lock file. Where node itself is missing that test is skipped.
drawio-codec: $(CODEC)/node_modules/.installed
$(CODEC)/node_modules/.installed: $(CODEC)/package.json $(CODEC)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd $(CODEC) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else \
	  echo "npm not found: install Node.js with npm, or the draw.io codec test cannot run"; \
	fi

# The user guide's screenshots (docs/guide/images/, committed), retaken from the sample project under Xvfb
# with openbox, in throwaway settings and data folders (about half a minute). A retake on the same day gives the
# same pictures (the start page and the report show today's date). Look at each one after: the script cannot judge them.
SHOT_PKGS := xvfb openbox poppler-utils
screenshots: SYS_PKGS = $(QT_PKGS) $(X_PKGS) $(SHOT_PKGS)
screenshots: sysdeps venv
	$(BIN)/python tools/screenshots.py

# Desktop integration and bundles (packaging/README.md). Generated images live in build/icons, never committed.
icons: venv
	$(BIN)/python packaging/desktop.py icons

# For this user ($$XDG_DATA_HOME, else ~/.local/share): menu entry, icon, .cxd file type, software-centre data.
install-desktop: venv
	$(BIN)/python packaging/desktop.py install --exec "$(DESKTOP_EXEC)"

uninstall-desktop: venv
	$(BIN)/python packaging/desktop.py uninstall

venv-package: $(VENV)/.installed-package $(MO)
$(VENV)/.installed-package: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[package]'
	@touch $@ $(VENV)/.installed

# The one-folder bundle, dist/cxdesigner/ (about 2 minutes: PyInstaller reads all of Qt and matplotlib;
# its matplotlib hook runs matplotlib, whose settings folder goes under build/, not the user's ~/.config).
package: sysdeps venv-package
	MPLCONFIGDIR=$(CURDIR)/build/mplconfig $(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/cxdesigner.spec

# The bundle as a user gets it: offscreen, opens the sample, exports a PNG, quits cleanly.
package-test: package
	$(BIN)/python packaging/package_test.py $(DIST)

# The Debian package of the bundle: dist/cxdesigner_$(VERSION)-1_<arch>.deb.
deb: SYS_PKGS = $(QT_PKGS) $(DEB_PKGS)
deb: package
	$(BIN)/python packaging/build_deb.py $(DIST) dist

# Installs the .deb in a clean Debian (debootstrap: 2–4 minutes, as root) and starts it there. Not part of `make test`.
deb-test: SYS_PKGS = $(QT_PKGS) $(DEB_PKGS)
deb-test: deb
	sh packaging/chroot_test.sh dist/cxdesigner_$(VERSION)-1_$$(dpkg --print-architecture).deb

clean:
	rm -rf $(VENV) build dist *.egg-info sample $(MO) $(CODEC)/node_modules
