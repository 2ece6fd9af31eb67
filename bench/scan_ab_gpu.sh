#!/usr/bin/env bash
# Issue 10, training: the scan's backward with and without the dB/dC reduce-scatter, checked, then timed alternately
# (default, variant, default, variant) so that a slow host shows in both. On the GPU machine, .whl/ carried.
set -uo pipefail
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site .whl/*.whl >/dev/null 2>&1 || exit 1
export PYTHONPATH=$PWD:/tmp/site PYTHONUNBUFFERED=1
SCAN_SET=reduce_scatter=0 timeout 60 python3 bench/scan_variant_check.py
for i in 1 2; do for v in "" reduce_scatter=0; do
  echo "== SCAN_SET=${v:-default} (round $i)"; SCAN_SET=$v timeout 70 python3 bench/triton_scan_gpu.py 2>&1 | grep -v Warn | tail -3
done; done
