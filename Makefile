# The two entry points of README.md. Each installs what it needs first, so a fresh clone on a
# fresh machine needs nothing else.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install install-test lint bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files: installing again only when pyproject.toml (or the test dependencies' script)
# changed, so a second `make run` starts at once instead of reinstalling.
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[postgresql,mysql,redis]'
	touch $@

$(TEST_INSTALLED): pyproject.toml scripts/install-test-deps.sh tests/js/package-lock.json | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[postgresql,mysql,redis,test]'
	bash scripts/install-test-deps.sh
	touch $(INSTALLED) $@

install: $(INSTALLED)

install-test: $(TEST_INSTALLED)

run: install
	$(BIN)/wpcompat serve

# The suites that read and write a site's database (REST API, WXR import/export, comments,
# auth), and the golden replays of the oracle's site and of our own recorded sites (each site built
# on that backend), run again on PostgreSQL and on MariaDB after the whole suite on SQLite (which
# also runs tests/test_*_backends.py and tests/test_multi_instance.py on both servers). Each run
# makes and drops its own databases on the local servers (tests/backends.py); under CI=true a
# server that does not answer fails the run. About 10 minutes per server on 2 idle cores, plus
# about a minute per golden site (building it is most of that).
BACKEND_TESTS := tests/test_rest_*.py tests/test_wxr_import.py tests/test_wxr_export.py \
	tests/test_wxr_merge.py tests/test_wxr_pipeline.py tests/test_wxr_cli.py \
	tests/test_discussion_rules.py tests/test_classic_form.py tests/test_comment_concurrency.py \
	tests/test_comment_group_commit.py \
	tests/test_cli_comments.py tests/test_auth_*.py tests/test_storage.py tests/test_storage_terms.py \
	tests/test_permalinks.py tests/test_backend_dialects.py tests/test_storage_collation.py \
	tests/test_likes.py tests/test_mail_delivery.py tests/test_storage_changes.py tests/test_storage_shared_memo.py tests/test_search_index.py \
	tests/test_oracle_golden.py tests/test_oracle_sites.py

test: install-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --backend postgresql $(filter-out %_backends.py,$(wildcard $(BACKEND_TESTS)))
	$(BIN)/python -m pytest --backend mysql $(filter-out %_backends.py,$(wildcard $(BACKEND_TESTS)))

lint: install-test
	$(BIN)/ruff check .

# Every benchmark side by side with the WordPress oracle at :8080 (bench/all.py --help; ARGS=...).
bench: install-test
	bench/all.sh $(ARGS)
