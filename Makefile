# Tandem: the two commands a fresh Debian machine with only the Swift toolchain needs.
#   make demo   installs the Debian packages, builds in release, runs `tandem demo`
#   make test   same set-up plus the Python test packages, then the whole suite: Swift tests, the Python package
#               (tandem_gym with gymnasium, SB3, RLlib) and every notebook executed headlessly

SWIFT        ?= swift
# One build configuration for the demo and the tests, so both share the same artefacts.
BUILD_FLAGS  := -c release -Xswiftc -enable-testing
APT_PACKAGES := pkg-config libopenblas-dev libhdf5-dev
PYTHON       ?= python3
PY_REQUIREMENTS := Experiments/requirements-test.txt
BIN          := .build/release
SHARED       ?= $(or $(TANDEM_SHARED),../shared)

.PHONY: all deps python-deps build demo test python-test notebooks bench policies clean tandemd-static

all: build

# Debian packages, installed only when missing. Fails loudly when it cannot install them.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "make: installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing \
	    || { echo "make: could not install$$missing (needs apt-get and root or sudo)" >&2; exit 1; }; \
	fi

# Python packages for the interoperability tests, tandem_gym's tests and the notebooks (PyPI).
python-deps:
	@$(PYTHON) -c "import sys" || { echo "make: python3 is required for the interoperability tests" >&2; exit 1; }
	@$(PYTHON) -m pip install --quiet --disable-pip-version-check -r $(PY_REQUIREMENTS) \
	  || { echo "make: pip could not install $(PY_REQUIREMENTS)" >&2; exit 1; }

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

demo: build
	$(BIN)/tandem demo

test: deps python-deps
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	TANDEM_BIN=$(abspath $(BIN)) $(SWIFT) test $(BUILD_FLAGS) --skip-build
	$(MAKE) python-test
	$(MAKE) notebooks

# tandem_gym (python/) against the library of the build above. Any pytest failure, including exit code 5 (no tests
# collected) and a missing package (collection error), fails make.
python-test: python-deps
	$(SWIFT) build $(BUILD_FLAGS) --product TandemC
	TANDEM_LIB=$(abspath $(BIN))/libTandemC.so PYTHONPATH=$(abspath python) $(PYTHON) -m pytest -p no:cacheprovider -q python/tests

# Every notebook executed headlessly (nbclient) against small results made by the built tandem; fails on any error.
notebooks: python-deps
	$(PYTHON) Notebooks/execute.py --bin $(abspath $(BIN)) --shared $(SHARED)

# Every benchmark with its anchor in the same run (Experiments/bench/README.md). inference.py needs torch, onnx,
# onnxruntime and ofa (not among the test packages).
bench: build python-deps
	$(SWIFT) build $(BUILD_FLAGS) --product TandemC
	set -e; for script in gemm env python_env inference; do \
	  echo "== Experiments/bench/$$script.py"; \
	  TANDEM_LIB=$(abspath $(BIN))/libTandemC.so PYTHONPATH=$(abspath python) $(PYTHON) Experiments/bench/$$script.py; \
	done

# Regenerates Policies/ (the library from the shared Dynamic-OFA data, then one policy per training scenario and one
# for the mix of GPU scenarios); Policies/README.md lists what each is and how well it does.
policies: build
	SHARED=$(SHARED) BIN=$(BIN) sh Policies/regenerate.sh

# tandemd with the Swift runtime linked statically, checked to run with the toolchain hidden (README: Deploy to a board).
tandemd-static: deps
	SWIFT=$(SWIFT) BUILD_FLAGS="$(BUILD_FLAGS)" Experiments/deploy/check-static.sh

clean:
	rm -rf .build
