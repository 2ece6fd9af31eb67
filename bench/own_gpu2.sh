#!/usr/bin/env bash
# Issue 10, 2026-12-02 evening, second call: the training step with the new scan defaults (own_Ab, reload, cap 168)
# against the old (alternating), then kernel A's in_proj at b16 with more warps / larger register tiles.
set -uo pipefail
out=${out:-$OUT}; source bench/gpu_env.sh
for v in "" "own_Ab=0,reload=0,bwd_maxnreg=128" ""; do
  echo "== SCAN_SET=${v:-default}"; SCAN_SET=$v timeout 80 python3 bench/triton_scan_gpu.py 2>&1 | grep -v Warn | tail -4; done
G='[{"num_warps":8},{"num_warps":8,"E3":8192},{"E3":8192},{"num_warps":16,"E3":16384},
 {"BB_in":16,"BD_in":8,"acc3":false,"num_warps":8},{"BB_in":16,"BD_in":8,"acc3":false,"num_warps":4},
 {"BB_in":16,"BD_in":16,"acc3":false,"num_warps":8},{"BB_in":8,"BD_in":8,"acc3":false,"num_warps":8},
 {"BB_in":16,"BD_in":8,"acc3":false,"num_warps":16},{"BB_in":16,"BD_in":4,"acc3":false,"num_warps":4},
 {"BB_in":8,"BD_in":16,"acc3":false,"num_warps":8},{"BB_in":16,"BD_in":8,"num_warps":8,"E3":8192}]'
(cd bench && timeout 260 python3 decode_b16_sweep.py --budget 150 --top 2 --grid "$G" --out $out/sweep2.json 2>&1 | grep -v Warn | tail -30)
