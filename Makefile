# Two entry points for a fresh Debian/Ubuntu machine with Python 3.11:
#   make site   set everything up, then build the sample's facilitator sites into site/
#   make test   set everything up, then run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# gettext: msgfmt/msgmerge for catalogs; chromium: browser tests; fonts + pango + harfbuzz-subset:
# PDFs with Latin, Vietnamese, Arabic and CJK glyphs, and emoji (a lesson's `:white_check_mark:`);
# poppler-utils: pdftotext in tests;
# diffutils: diff3, the merge of `import workbench --update`.
APT_PACKAGES := gettext chromium fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji libpango-1.0-0 libpangoft2-1.0-0 \
                libharfbuzz-subset0 poppler-utils diffutils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Wait up to 10 minutes for dpkg's locks (unattended-upgrades, cloud-init) instead of failing.
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600

.PHONY: site test lint setup system venv bytecode clean

site: setup
	$(BIN)/python build.py

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy src

setup: system venv bytecode

system:
	@missing=""; \
	for pkg in $(APT_PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	$(PYTHON) -c "import ensurepip" 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  for try in $$(seq 20); do \
	    $(APT_GET) update -q && break; \
	    [ $$try -lt 20 ] || exit 1; \
	    echo "apt-get update failed (is another process updating the package lists?); retrying in 30 s"; sleep 30; \
	  done; \
	  $(APT_GET) install -y -q --no-install-recommends $$missing; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

# Glocal's own modules, compiled once: pip compiles an installed package's, not an editable one's,
# and where PYTHONDONTWRITEBYTECODE is set (many CI images set it) Python would compile them again
# in every run, 0.25 s a process (a cold build of the sample: 4.69 -> 4.49 s). A module edited
# since is compiled afresh, as always; only what changed is compiled here.
bytecode: venv
	$(BIN)/python -m compileall -q src

clean:
	rm -rf site dist .glocal .pytest_cache .hypothesis
