#!/usr/bin/env bash
# The GPU machine, in two calls made back to back (builds stay in .gpu/ while the machine is warm). Carry .whl
# (fastcore, mambapy, symusic, einops wheels for Python 3.12) and .sdist (the mamba_ssm and causal_conv1d sdists).
#   bash bench/gpu_run.sh conv    # causal_conv1d for sm_90 (~6 min)
#   bash bench/gpu_run.sh mamba   # mamba_ssm for sm_90 (~2.5 min), then the notebooks' gpu cells and bench/gen_gpu.py
#   bash bench/gpu_run.sh bench   # (with both built) bench/bench_gpu.py
set -uo pipefail
python3 -m pip install -q --no-index --no-deps --no-compile --upgrade --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1
build() {  # $1: sdist glob; patch setup.py to build for sm_90 only, then build a wheel into .gpu/mwhl
  local W; W=$(mktemp -d); tar xzf $1 -C $W; local src; src=$(ls -d $W/*/)
  python3 - "$src/setup.py" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
s = re.sub(r'cc_flag\.append\("-gencode"\)\n\s*cc_flag\.append\("arch=compute_(?!90)\d+,code=sm_\d+"\)', 'pass', s)
open(p, 'w').write(s)
PY
  mkdir -p .gpu/mwhl; local t=$(date +%s)
  (cd $src && MAX_JOBS=16 NVCC_THREADS=2 MAMBA_FORCE_BUILD=TRUE CAUSAL_CONV1D_FORCE_BUILD=TRUE TORCH_CUDA_ARCH_LIST=9.0 \
     timeout 560 python3 -m pip wheel --no-build-isolation --no-deps -w $OLDPWD/.gpu/mwhl . > $W/log 2>&1) || tail -5 $W/log
  echo "built $(ls .gpu/mwhl) in $(( $(date +%s) - t )) s"
}
case "${1:-}" in
  conv) build ".sdist/causal_conv1d-*.tar.gz" ;;
  mamba|bench)
    [ "$1" = mamba ] && build ".sdist/mamba_ssm-*.tar.gz"
    python3 -m pip install -q --no-index --no-deps --upgrade --target /tmp/site .gpu/mwhl/*.whl
    python3 -c "import mamba_ssm, causal_conv1d; print('mamba_ssm', mamba_ssm.__version__)" || exit 1
    if [ "$1" = mamba ]; then
      timeout 150 python3 tools/run_cells.py --keep-going nbs/02_scan.ipynb nbs/03_mamba.ipynb nbs/08_models.ipynb nbs/10_generate.ipynb 2>&1 | tee $OUT/cells.log | grep -E "^(FAIL|nbs|soft|cuda_graph)"
      timeout 120 python3 bench/gen_gpu.py 2>&1 | tee $OUT/gen_gpu.log | grep -v Warn
    else timeout 400 python3 bench/bench_gpu.py 2>&1 | tee $OUT/bench_gpu.log | grep -E "^(train|gen|NVIDIA)"; fi ;;
  *) echo "usage: bash bench/gpu_run.sh conv|mamba|bench"; exit 2 ;;
esac
