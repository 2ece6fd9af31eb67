#!/usr/bin/env bash
# Issue 10, 2026-12-03, fourth call on the H200: the training step eager against one CUDA graph (bench/train_graph_gpu.py).
set -uo pipefail
out=${out:-$OUT}; source bench/gpu_env.sh; T0=$(date +%s)
timeout 240 python3 bench/train_graph_gpu.py 2>&1 | grep -v Warn | tee "$out/train_graph.log"
echo "total $(( $(date +%s) - T0 )) s"
