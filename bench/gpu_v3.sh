#!/usr/bin/env bash
# Issue 10, decoding version 3 (bench/STEP_NOTES.md): the #| gpu cells of 03 and 10 on the tree as it is, then
# bench/decode_pdl.py. On the GPU machine, from the repo root, with .whl/ carried:  bash bench/gpu_v3.sh
set -uo pipefail
out=${OUT:-/tmp/v3}; mkdir -p "$out"; T0=$(date +%s)
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site .whl/*.whl >/dev/null 2>&1 || exit 1
export PYTHONPATH=$PWD:/tmp/site PATH=/tmp/site/bin:$PATH MPLBACKEND=Agg PYTHONUNBUFFERED=1
{ nvidia-smi --query-gpu=name,driver_version --format=csv,noheader; python3 -c "import torch, triton; print('torch', torch.__version__, 'triton', triton.__version__)"
  python3 -c "import mamba_ssm" 2>/dev/null && echo "mamba_ssm: INSTALLED" || echo "mamba_ssm: not installed"; echo "commit ${GIT_COMMIT:-?}"; } | tee "$out/machine.txt"
for nb in ${NBS-03_mamba 10_generate}; do
  (timeout 200 nbdev-test --flags gpu nbs/$nb.ipynb > "$out/test_$nb.log" 2>&1; echo "rc=$?" >> "$out/test_$nb.log") &
done; wait
for nb in ${NBS-03_mamba 10_generate}; do echo "nbdev-test --flags gpu $nb: $(tail -1 $out/test_$nb.log)"; grep -B2 -A12 "Error\|rror:" "$out/test_$nb.log" | head -40; done
echo "tests: $(( $(date +%s) - T0 )) s"
[ -n "${GEN:-}" ] && { timeout 150 python3 bench/gen_gpu.py --out "$out/gen_gpu.json" --no-profile > "$out/gen_gpu.log" 2>&1; echo "gen_gpu rc=$?"; grep -E "check|tok/s|target|before|FAIL" "$out/gen_gpu.log" | cut -c1-200 | head -40; }
timeout ${DECODE_TIMEOUT:-300} python3 bench/decode_pdl.py --out "$out/decode_pdl.json" --budget ${BUDGET:-200} 2>&1 | tee "$out/decode_pdl.log" | cut -c1-230
echo "total $(( $(date +%s) - T0 )) s"
for v in ${SCAN_VARIANTS:-}; do
  echo "== training step, SCAN_SET=$v"; SCAN_SET=$v timeout 100 python3 bench/triton_scan_gpu.py 2>&1 | grep -v Warn | tail -4
done
echo "total $(( $(date +%s) - T0 )) s"
if [ -n "${NCU:-}" ]; then
  for b in 16 1; do for k in _step_in _step_out; do
    echo "== ncu $k b=$b"
    timeout 90 ncu --clock-control none -k regex:$k --launch-skip 60 --launch-count 1 --section SpeedOfLight --section Occupancy \
      --section WarpStateStats --section MemoryWorkloadAnalysis --section LaunchStats python3 bench/ncu_step.py $b 2>&1 \
      | grep -E "Duration|Throughput|Hit Rate|Occupancy|Registers|Block Limit|Cycles Per Issued|Stall|stall|Waves|Grid Size|Block Size|ERR|rror" | head -40
  done; done
fi
echo "total $(( $(date +%s) - T0 )) s"
