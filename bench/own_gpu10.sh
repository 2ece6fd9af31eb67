#!/usr/bin/env bash
# Issue 10, 2026-12-03 (second session), second call on the H200: 09_train's #| gpu cells (GraphStep, fit with a CUDA graph)
# alongside the kernels under compute-sanitizer's memcheck; then, alone on the GPU, bench/train_graph_gpu.py.
set -uo pipefail
out=${out:-$OUT}; source bench/gpu_env.sh; T0=$(date +%s)
(timeout 300 nbdev-test --flags gpu nbs/09_train.ipynb > "$out/test_09_train.log" 2>&1; echo "rc=$?" >> "$out/test_09_train.log") &
PYTORCH_NO_CUDA_MEMORY_CACHING=1 timeout 280 compute-sanitizer --tool memcheck --print-limit 20 python3 bench/sanitize_gpu.py > "$out/sanitize_full.log" 2>&1
grep -v "Host Frame\|^=========     \|Warn" "$out/sanitize_full.log" | head -80 | tee "$out/sanitize.log"
wait; echo "nbdev-test --flags gpu 09_train: $(tail -1 $out/test_09_train.log)"; grep -B2 -A12 "Error\|Exception" "$out/test_09_train.log" | head -40
echo "tests done at $(( $(date +%s) - T0 )) s"
timeout 200 python3 bench/train_graph_gpu.py 2>&1 | grep -v Warn | tee "$out/train_graph.log"
echo "total $(( $(date +%s) - T0 )) s"
