#!/usr/bin/env bash
# The README's two commands. Each does its own set-up on a fresh Debian/Ubuntu machine (Python 3.11), then runs:
#   bash tools/run.sh demo   -> the main job, `mamba-audio demo`
#   bash tools/run.sh test   -> every test: nbdev-test on the notebooks, then pytest tests/
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-}"; shift || true
PY="${PYTHON:-python3}"

setup() {
  # The SoundFont that renders MIDI to audio (Debian's musescore-general-soundfont-small, MIT licensed).
  if [ ! -e /usr/share/sounds/sf3/MuseScore_General_Lite.sf3 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq musescore-general-soundfont-small) >/dev/null \
      || echo "warning: could not install musescore-general-soundfont-small; audio rendering will ask for a soundfont" >&2
  fi
  # torch is never pinned by the package (Colab brings its own); install a matching pair only where none imports.
  if ! "$PY" -c "import torch, torchaudio" 2>/dev/null; then
    "$PY" -m pip install -q torch==2.14.1 torchaudio==2.11.0 || "$PY" -m pip install -q torch torchaudio
  fi
  "$PY" -m pip install -q -e ".[dev]"
}

case "$what" in
  demo) setup; exec mamba-audio demo "$@" ;;
  test)
    setup
    export MPLBACKEND=Agg
    # Two notebooks run at once on two cores: one thread each, or the thread pools fight over the cores.
    OMP_NUM_THREADS=1 NUMBA_NUM_THREADS=1 nbdev-test --n-workers 2 "$@"
    "$PY" -m pytest -q tests
    ;;
  *) echo "usage: bash tools/run.sh demo|test" >&2; exit 2 ;;
esac
