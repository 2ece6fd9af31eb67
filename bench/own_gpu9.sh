#!/usr/bin/env bash
# Issue 10, 2026-12-03 (second session), first call on the H200: the training step eager against one CUDA graph
# (bench/train_graph_gpu.py), then the kernels under compute-sanitizer's memcheck (bench/sanitize_gpu.py).
set -uo pipefail
out=${out:-$OUT}; source bench/gpu_env.sh; T0=$(date +%s)
timeout 250 python3 bench/train_graph_gpu.py 2>&1 | grep -v Warn | tee "$out/train_graph.log"
echo "graph done at $(( $(date +%s) - T0 )) s"
PYTORCH_NO_CUDA_MEMORY_CACHING=1 timeout 280 compute-sanitizer --tool memcheck --print-limit 20 python3 bench/sanitize_gpu.py 2>&1 | grep -v Warn | tail -60 | tee "$out/sanitize.log"
echo "total $(( $(date +%s) - T0 )) s"
