#!/bin/bash
# 02's and 03's #| gpu cells on the GPU machine, side by side (02 compiles many kernel variants: ~3-4 min). .whl carried.
out=${out:-$OUT}; source bench/gpu_env.sh
for nb in 02_scan 03_mamba; do (timeout ${TEST_S:-250} nbdev-test --flags gpu nbs/$nb.ipynb > "$out/test_$nb.log" 2>&1; echo "rc=$?" >> "$out/test_$nb.log") & done
wait; for nb in 02_scan 03_mamba; do echo "nbdev-test --flags gpu $nb: $(tail -1 $out/test_$nb.log)"; grep -B2 -A8 "Error" "$out/test_$nb.log" | head -20; done
