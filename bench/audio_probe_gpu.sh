#!/usr/bin/env bash
# Issue 9, audio: audio probes side by side on one GPU (rates, transposition, model size; or those PROBES names). Writes to $OUT.
#   bash bench/audio_probe_gpu.sh   (on the GPU machine, from the repo root, with .whl/ and .gpucache/ carried)
set -uo pipefail
out=${OUT:-/tmp/probe}; mkdir -p "$out"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=$PWD:/tmp/site PATH=/tmp/site/bin:$PATH MPLBACKEND=Agg PYTHONUNBUFFERED=1 MAMBA_AUDIO_HOME=$PWD/.gpucache
nvidia-smi --query-gpu=name --format=csv,noheader; python3 -c "import torch, triton; print(torch.__version__, triton.__version__)"
S=${STEPS:-3000}
run() { local tag=$1; shift; timeout ${PROBE_TIMEOUT:-540} python3 bench/audio_probe.py --out "$out/$tag" --workers 5 --temps 0.9,0.7,0.5 "$@" > "$out/$tag.log" 2>&1; echo "$tag: exit $?"; }
if [ -n "${PROBES:-}" ]; then   # PROBES="tag: args; tag: args": the probes to run side by side instead of the three below
  IFS=';' read -ra ps <<< "$PROBES"
  for x in "${ps[@]}"; do t=$(echo "${x%%:*}" | xargs); run "$t" ${x#*:} & done
else
  run sr4k_tr3   --sample-rate 4000 --prompt 2000 --new 4000 --transpose 3 --steps $S &
  run sr8k_tr3   --sample-rate 8000 --prompt 4000 --new 8000 --transpose 3 --steps $S &
  run sr4k_tr3_big --sample-rate 4000 --prompt 2000 --new 4000 --transpose 3 --steps $S --d-model 384 --n-layer 6 &
fi
wait
for f in "$out"/*.log; do echo "== $f"; grep -v "it/s\]" "$f" | tail -${TAIL:-25}; done
