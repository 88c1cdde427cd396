# Spindle: `make demo` runs the main job on the bundled sample; `make test` runs the tests.
# Both install the Debian packages they need first (scripts/setup.sh).

SWIFT ?= swift
DEMO_DIR := demo
RELEASE_BIN := .build/release

.PHONY: all setup build test demo bench format clean

all: build

setup:
	@scripts/setup.sh build

build: setup
	$(SWIFT) build -c release --product spindle

test: setup
	@scripts/setup.sh test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Imports the sample collection (content/sample) into demo/spindle.sqlite and prints a summary.
demo: build
	@mkdir -p $(DEMO_DIR)
	@printf '[database]\npath = "spindle.sqlite"\n' > $(DEMO_DIR)/spindle.toml
	$(RELEASE_BIN)/spindle import discogs-csv content/sample/collection.csv --config $(DEMO_DIR)/spindle.toml --username demo
	@echo
	@$(RELEASE_BIN)/spindle status --config $(DEMO_DIR)/spindle.toml --limit 3
	@echo
	@echo "First items (spindle export collection --config $(DEMO_DIR)/spindle.toml --format csv):"
	@$(RELEASE_BIN)/spindle export collection --config $(DEMO_DIR)/spindle.toml --format csv | head -6
	@echo
	@echo "Database: $(DEMO_DIR)/spindle.sqlite"

# Prints the benchmark tables (release build; measurements, not tests).
bench: setup
	@scripts/setup.sh bench
	$(SWIFT) build -c release --product spindle
	$(SWIFT) build -c release --product discogs-fake
	$(SWIFT) build -c release --product spindle-bench
	$(RELEASE_BIN)/spindle-bench

format:
	$(SWIFT) format -i -r Sources Tests Package.swift

clean:
	rm -rf .build $(DEMO_DIR)
