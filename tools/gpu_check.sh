#!/usr/bin/env bash
# On a GPU machine: every notebook's cells, `#| gpu` ones included (nbdev-test --flags gpu), then the demo (MIDI and
# audio), as a user without mamba_ssm would run them. Writes logs and the demos' summaries to OUTDIR.
#   bash tools/gpu_check.sh [OUTDIR] [what...]     what: notebooks, demo, audio (default: all three)
# Wheels in .whl/ (for a machine with no network; `bash tools/gpu_wheels.sh` makes them) are installed into /tmp/site first; a cache of the chorales in
# .gpucache/ (MIDI and token sets, made on another machine) saves their conversion.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:-${OUT:-/tmp/gpu_check}}; shift || true
what=${*:-notebooks demo audio}
mkdir -p "$out"
if ls .whl/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site PATH=/tmp/site/bin:$PATH
fi
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH} MPLBACKEND=Agg PYTHONUNBUFFERED=1
[ -d .gpucache ] && export MAMBA_AUDIO_HOME=$PWD/.gpucache
{ nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
  python3 -c "import torch, triton; print('torch', torch.__version__, 'triton', triton.__version__, 'capability', torch.cuda.get_device_capability())"
  python3 -c "import mamba_ssm" 2>/dev/null && echo "mamba_ssm: INSTALLED" || echo "mamba_ssm: not installed (as for most users)"
  python3 -c "from mamba_audio.datasets import renderer; print('renderer:', renderer())"
  git rev-parse --short HEAD 2>/dev/null; } 2>&1 | tee "$out/machine.txt"
rc=0
if [[ " $what " == *" notebooks "* ]]; then
  t0=$(date +%s)
  timeout "${NB_TIMEOUT:-330}" nbdev-test --flags gpu --n-workers 6 ${NB_ARGS:-} > "$out/nbdev_test.log" 2>&1; r=$?; rc=$((rc | r))
  echo "nbdev-test --flags gpu: exit $r in $(( $(date +%s) - t0 )) s" | tee -a "$out/machine.txt"
  grep -E "Error|Failed|Success|^\s+[0-9a-z_]+\.ipynb" "$out/nbdev_test.log" | tail -20
fi
for mode in demo audio; do
  [[ " $what " == *" $mode "* ]] || continue
  d=/tmp/demo_$mode; rm -rf "$d"
  t0=$(date +%s)
  timeout "${DEMO_TIMEOUT:-400}" python3 -m mamba_audio.cli demo --out "$d" $([ $mode = audio ] && echo --audio) 2>&1 | tr '\r' '\n' | grep -v '%|' > "$out/${mode}.log"; r=${PIPESTATUS[0]}; rc=$((rc | r))
  echo "demo ($mode): exit $r in $(( $(date +%s) - t0 )) s" | tee -a "$out/machine.txt"; tail -8 "$out/${mode}.log"
  cp "$d/summary.json" "$out/${mode}_summary.json" 2>/dev/null
  if [ $mode = demo ]; then cp "$d/continuation_0.png" "$out/" 2>/dev/null
  else cp "$d/continuation_0_spectrogram.png" "$out/audio_continuation_0_spectrogram.png" 2>/dev/null; fi
done
exit $rc
