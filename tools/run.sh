#!/usr/bin/env bash
# The README's two commands. Each does its own set-up on a fresh Debian/Ubuntu machine, then runs:
#   bash tools/run.sh demo   -> the main job, `mamba-audio demo`
#   bash tools/run.sh test   -> every test: nbdev-test on the notebooks, then pytest tests/
# Python: $PYTHON, else python3. A system Python that PEP 668 guards (Debian 12/13, Ubuntu 24.04) gets a virtual
# environment in .venv, made once and reused; a Python that is already a virtualenv (CI's, Colab's, yours) is used as is.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-}"; shift || true
PY="${PYTHON:-python3}"

is_guarded() {  # a system interpreter whose pip refuses to install (PEP 668), and not already inside a venv
  "$PY" -c 'import os, sys, sysconfig; sys.exit(0 if sys.prefix == sys.base_prefix and os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")) else 1)'
}

use_venv() {
  if [ ! -x .venv/bin/python ]; then
    if ! "$PY" -m venv .venv >/dev/null 2>&1; then
      rm -rf .venv
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing python3-venv (Debian/Ubuntu) to make .venv"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv) >/dev/null
        "$PY" -m venv .venv
      else
        echo "error: $("$PY" --version) here is the system's, which pip may not install into (PEP 668), and it cannot make a" >&2
        echo "virtual environment: run 'sudo apt-get install python3-venv' (Debian/Ubuntu) and run this again, or set PYTHON" >&2
        echo "to a Python inside a virtual environment." >&2
        exit 1
      fi
    fi
    echo "made a virtual environment in .venv (for $("$PY" --version)); later runs reuse it"
  fi
  PY="$PWD/.venv/bin/python"
  export VIRTUAL_ENV="$PWD/.venv" PATH="$PWD/.venv/bin:$PATH"   # as `activate` does: its nbdev-* and mamba-audio come first
}

setup() {
  if [ -x .venv/bin/python ] || is_guarded; then use_venv; fi
  # A SoundFont for real instruments (Debian's musescore-general-soundfont-small, MIT). Without one, audio is still
  # written, by the built-in synthesizer.
  if [ ! -e /usr/share/sounds/sf3/MuseScore_General_Lite.sf3 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq musescore-general-soundfont-small) >/dev/null 2>&1 \
      || echo "note: could not install musescore-general-soundfont-small; MIDI will be rendered by the built-in synthesizer" >&2
  fi
  # torch is never pinned by the package (Colab brings its own); install a matching pair only where none imports.
  if ! "$PY" -c "import torch, torchaudio" 2>/dev/null; then
    "$PY" -m pip install -q torch==2.14.1 torchaudio==2.11.0 || "$PY" -m pip install -q torch torchaudio
  fi
  "$PY" -m pip install -q -e ".[dev]"
  BIN="$("$PY" -c 'import os, sys; print(os.path.dirname(sys.executable))')"
}

case "$what" in
  demo) setup; exec "$PY" -m mamba_audio.cli demo "$@" ;;
  test)
    setup
    [ -f tools/setup_browser.sh ] && PYTHON="$PY" bash tools/setup_browser.sh
    export MPLBACKEND=Agg
    # Two notebooks run at once on two cores: one thread each, or the thread pools fight over the cores.
    OMP_NUM_THREADS=1 NUMBA_NUM_THREADS=1 "$BIN/nbdev-test" --n-workers 2 "$@"
    "$PY" -m pytest -q tests
    ;;
  *) echo "usage: bash tools/run.sh demo|test" >&2; exit 2 ;;
esac
