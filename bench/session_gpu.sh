#!/usr/bin/env bash
# One GPU call (2026-12-02, later): the audio demo at the committed code (issue 9), then the b16 decoding tile sweep
# (issue 10, bench/decode_b16_sweep.py) in what is left of BUDGET seconds.
#   GIT_COMMIT=<hash> BUDGET=560 bash bench/session_gpu.sh    (on the GPU machine, from the repo root, .whl/ and .gpucache/ carried)
set -uo pipefail
out=${OUT:-/tmp/session}; mkdir -p "$out"; T0=$(date +%s)
source bench/gpu_env.sh
/usr/bin/time -f "demo wall %e s, max RSS %M kB" timeout ${DEMO_TIMEOUT:-330} python3 -m mamba_audio.cli demo --audio --out /tmp/demo_audio 2>&1 | tr '\r' '\n' | grep -v '%|' > "$out/audio.log"
grep -v "^  [a-z_0-9]*\.\(wav\|png\|json\)$" "$out/audio.log" | tail -12
python3 -c "import json; s = json.load(open('/tmp/demo_audio/summary.json')); print({k: v for k, v in s.items() if k != 'chroma'}); [print({k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()}) for r in s['chroma']]"
python3 - <<'PY'
import soundfile as sf, numpy as np
for i in range(4):
    x, sr = sf.read(f'/tmp/demo_audio/continuation_{i}.wav'); p = 4000
    print(i, 'RMS of the prompt', np.sqrt((x[:p] ** 2).mean()).round(3), 'and of each 0.25 s after it', np.sqrt((x[p:p + 16000].reshape(8, -1) ** 2).mean(1)).round(3).tolist())
PY
cp /tmp/demo_audio/continuation_*_spectrogram.png /tmp/demo_audio/summary.json "$out/" 2>/dev/null
LEFT=$(( ${BUDGET:-560} - ($(date +%s) - T0) - 15 ))
echo "sweep gets $LEFT s"
[ $LEFT -gt 90 ] && (cd bench && timeout $LEFT python3 decode_b16_sweep.py --budget $(( LEFT - 80 )) --out "$out/sweep.json" 2>&1 | grep -v Warn | cut -c1-260)
echo "total $(( $(date +%s) - T0 )) s"
