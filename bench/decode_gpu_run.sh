#!/bin/bash
# The one GPU run for issue 10's decoding targets (bench/STEP_NOTES.md): the #| gpu checks of 03, 08 and 10 (in parallel),
# then bench/decode_ab.py (old against new paths, profiles, tile sweeps), then bench/gen_gpu.py if time is left.
# From the repo root, with $OUT set: bash bench/decode_gpu_run.sh. Everything goes to $OUT (and a summary to stdout). < 4 min.
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH} OMP_NUM_THREADS=2 NUMBA_NUM_THREADS=2 MPLBACKEND=Agg
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"; T0=$(date +%s)
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader > "$OUT/gpu.txt" 2>&1
for nb in 03_mamba 08_models 10_generate; do
  (timeout 130 nbdev-test --flags gpu nbs/$nb.ipynb > "$OUT/test_$nb.log" 2>&1; echo "rc=$?" >> "$OUT/test_$nb.log") &
done
wait
for nb in 03_mamba 08_models 10_generate; do echo "nbdev-test --flags gpu $nb: $(tail -1 $OUT/test_$nb.log) $(grep -c Error $OUT/test_$nb.log) error lines"; done
echo "tests took $(( $(date +%s) - T0 )) s"
timeout 100 python bench/decode_ab.py --out "$OUT/decode_ab.json" --budget 80 > "$OUT/decode_ab.log" 2>&1; echo "decode_ab rc=$?"
grep -v "^  sweep\|^  *[0-9.]* us/token" "$OUT/decode_ab.log" | tail -40
grep "^  sweep\|skipped" "$OUT/decode_ab.log"
LEFT=$(( 225 - ($(date +%s) - T0) ))
if [ $LEFT -gt 45 ]; then timeout $LEFT python bench/gen_gpu.py --out "$OUT/gen_gpu.json" --no-profile > "$OUT/gen_gpu.log" 2>&1; echo "gen_gpu rc=$?"; grep -i "check\|b1:\|b16:" "$OUT/gen_gpu.log" | head -30; fi
echo "total $(( $(date +%s) - T0 )) s"
