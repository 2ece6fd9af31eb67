#!/usr/bin/env bash
# Wheels for the GPU machine, which has no network (its image already holds torch, triton, numpy, matplotlib, scipy,
# huggingface-hub, tokenizers, tqdm, requests, accelerate, einops, pyyaml, packaging, setuptools, joblib, pygments).
# Downloads, for Python 3.12 on x86_64, the versions installed here, into .whl/ (git-ignored):
#   bash tools/gpu_wheels.sh        then carry .whl and install there with
#   python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl
set -euo pipefail
cd "$(dirname "$0")/.."
names="nbdev execnb ghapi fastcore fastgit fastspec fasttransport httpx2 httpcore2 truststore asttokens astunparse watchdog build pyproject_hooks
 ipython backcall decorator jedi parso matplotlib-inline pexpect ptyprocess pickleshare prompt_toolkit wcwidth stack_data
 executing pure_eval traitlets music21 chardet jsonpickle more-itertools webcolors miditok symusic pySmartDL platformdirs
 soundfile cffi pycparser ipywidgets comm widgetsnbextension jupyterlab_widgets speechtokenizer beartype lion-pytorch
 safetensors mambapy"
mkdir -p .whl
for n in $names; do
  v=$(python3 -m pip show "$n" 2>/dev/null | sed -n 's/^Version: //p')
  [ -n "$v" ] || { echo "not installed here: $n (run: pip install -e '.[dev]')" >&2; exit 1; }
  ls .whl | grep -qi "^$(echo "$n" | tr '-' '_')-$v-" && continue
  python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64 \
    --platform manylinux2014_x86_64 --platform manylinux1_x86_64 -d .whl "$n==$v" 2>&1 | grep -v "^WARNING: Location" || true
done
ls .whl | wc -l; du -sh .whl
