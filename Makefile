# Spindle: `make demo` runs the main job on the bundled sample; `make test` runs the tests.
# Both install the Debian packages they need first (scripts/setup.sh).

SWIFT ?= swift
DEMO_DIR := demo
DEMO_PORT ?= 8080
RELEASE_BIN := .build/release

.PHONY: all setup build test demo demo-stop screenshots bench format clean

all: build

setup:
	@scripts/setup.sh build

build: setup
	$(SWIFT) build -c release --product spindle

test:
	@scripts/setup.sh test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Imports the sample collection and the releases of the bundled CC0 dump sample (content/sample)
# into demo/spindle.sqlite, builds the site, starts
# `spindle serve` for /api/ and nginx in front of both on 127.0.0.1:$(DEMO_PORT). `make demo-stop` stops them.
demo: build
	@scripts/setup.sh demo
	@mkdir -p $(DEMO_DIR)
	@sed 's/@PORT@/$(DEMO_PORT)/' content/sample/demo-spindle.toml > $(DEMO_DIR)/spindle.toml
	$(RELEASE_BIN)/spindle import discogs-csv content/sample/collection.csv --config $(DEMO_DIR)/spindle.toml --username demo
	$(RELEASE_BIN)/spindle dumps import --file content/sample/discogs_20200806_releases.xml.gz --config $(DEMO_DIR)/spindle.toml
	$(RELEASE_BIN)/spindle lists rebuild --config $(DEMO_DIR)/spindle.toml
	$(RELEASE_BIN)/spindle import inventory-csv content/sample/inventory.csv --currency EUR --config $(DEMO_DIR)/spindle.toml
	$(RELEASE_BIN)/spindle build --config $(DEMO_DIR)/spindle.toml
	@scripts/api.sh start $(RELEASE_BIN)/spindle $(DEMO_DIR)/spindle.toml $(DEMO_DIR)/spindle.sock $(DEMO_DIR)/api
	@scripts/serve.sh start $(DEMO_DIR)/site $(DEMO_PORT) $(DEMO_DIR)/nginx --api $(DEMO_DIR)/spindle.sock
	@echo
	@$(RELEASE_BIN)/spindle status --config $(DEMO_DIR)/spindle.toml --limit 3
	@echo
	@echo "Database: $(DEMO_DIR)/spindle.sqlite"
	@echo "Site:     $(DEMO_DIR)/site (rebuild with: $(RELEASE_BIN)/spindle build --config $(DEMO_DIR)/spindle.toml)"
	@echo "API:      spindle serve on $(DEMO_DIR)/spindle.sock (log: $(DEMO_DIR)/api/serve.log); site secret in $(DEMO_DIR)/site-secret"
	@echo "Serving:  http://127.0.0.1:$(DEMO_PORT)/   (Sync page: http://127.0.0.1:$(DEMO_PORT)/sync/)"
	@echo "Stop with: make demo-stop"

demo-stop:
	@scripts/serve.sh stop $(DEMO_DIR)/nginx
	@scripts/api.sh stop $(DEMO_DIR)/api

# Screenshots of the demo site (desktop and phone, light and dark) into demo/screenshots/.
screenshots: demo
	@scripts/setup.sh screenshots
	@scripts/screenshots.sh http://127.0.0.1:$(DEMO_PORT) $(DEMO_DIR)/site $(DEMO_DIR)/screenshots

# Prints the benchmark tables (release build; measurements, not tests).
bench:
	@scripts/setup.sh bench
	$(SWIFT) build -c release
	$(RELEASE_BIN)/spindle-bench

format:
	$(SWIFT) format -i -r Sources Tests Package.swift

clean: demo-stop
	rm -rf .build $(DEMO_DIR)
