#!/usr/bin/env bash
# What tests/test_app_browser.py needs: Debian's Chromium, and voila + ipywidgets + ipykernel + playwright from PyPI.
# Playwright's own browser download (`playwright install`) cannot work offline, so it is skipped: the test drives
# /usr/bin/chromium through executable_path. Idempotent: quick when everything is already there.
set -euo pipefail
PY="${PYTHON:-python3}"
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
      || echo "warning: could not install chromium; the browser test will be skipped" >&2
  else
    echo "warning: chromium is missing and this is not root: the browser test will be skipped (apt-get install chromium)" >&2
  fi
fi
if ! "$PY" -c "import importlib.util as u, sys; sys.exit(any(u.find_spec(m) is None for m in ('voila', 'ipywidgets', 'ipykernel', 'playwright')))" 2>/dev/null; then
  "$PY" -m pip install -q voila ipywidgets ipykernel playwright \
    || echo "warning: could not pip install voila/playwright; the browser test will be skipped" >&2
fi
