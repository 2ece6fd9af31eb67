#!/bin/bash
# Issue 10, the checks this session (2026-12-03, fourth) could not run for want of device time, in one call on the
# H200 (.whl carried; ~6 min): out=$OUT bash bench/gpu_checks_next.sh
#  1. a graph-replayed run with dropout resumes to the same bits (bench/resume_graph_gpu.py; the CPU half is 09's test);
#  2. compute-sanitizer memcheck on the new passes 3 (bench/sanitize_gpu.py; 0 errors at stop 21, before them);
#  3. 09's #| gpu cells (the training step in a graph, fit on the GPU).
out=${out:-$OUT}; source bench/gpu_env.sh
timeout 150 python3 bench/resume_graph_gpu.py 2>&1 | grep -v Warn | tee "$out/resume_graph.log"
PYTORCH_NO_CUDA_MEMORY_CACHING=1 timeout 240 compute-sanitizer --tool memcheck python3 bench/sanitize_gpu.py > "$out/sanitize.log" 2>&1
echo "memcheck: rc $?; $(grep -c 'Invalid\|ERROR SUMMARY' "$out/sanitize.log") lines naming errors; $(grep 'ERROR SUMMARY' "$out/sanitize.log")"
timeout 150 nbdev-test --flags gpu nbs/09_train.ipynb > "$out/test_09_train.log" 2>&1; echo "nbdev-test --flags gpu 09_train: rc $?"
