#!/usr/bin/env bash
# The GPU machine, in two calls made back to back (the build stays in .gpu/ while the machine is warm):
#   bash bench/gpu_run.sh build   # install carried wheels, build mamba_ssm + causal_conv1d for sm_90 (~6 min), gpu cells of 02/03
#   bash bench/gpu_run.sh bench   # gpu cells of 08/10, then bench/bench_gpu.py
# Carry .whl (fastcore, mambapy, symusic wheels for Python 3.12) and .sdist (mamba_ssm and causal_conv1d sdists).
set -uo pipefail
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
[ -d .gpu/mwhl ] && python3 -m pip install -q --no-index --no-deps --target /tmp/site .gpu/mwhl/*.whl
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
python3 -c "import torch; print('torch', torch.__version__)"
case "${1:-}" in
  build)
    t=$(date +%s); mkdir -p .gpu
    MAX_JOBS=16 timeout 480 bash bench/build_mamba_ssm_sm90.sh .sdist .gpu/mwhl 2>&1 | tail -3
    python3 -m pip install -q --no-index --no-deps --target /tmp/site .gpu/mwhl/*.whl && echo "mamba_ssm built in $(( $(date +%s) - t )) s"
    python3 -c "import mamba_ssm, causal_conv1d; print('mamba_ssm', mamba_ssm.__version__)"
    timeout 90 python3 tools/run_cells.py --keep-going nbs/02_scan.ipynb nbs/03_mamba.ipynb 2>&1 | tee $OUT/cells_build.log | tail -20 ;;
  bench)
    timeout 200 python3 tools/run_cells.py --keep-going nbs/03_mamba.ipynb nbs/08_models.ipynb nbs/10_generate.ipynb 2>&1 | tee $OUT/cells_bench.log | tail -20
    timeout 330 python3 bench/bench_gpu.py 2>&1 | tee $OUT/bench_gpu.log | grep -v Warn ;;
  *) echo "usage: bash bench/gpu_run.sh build|bench"; exit 2 ;;
esac
