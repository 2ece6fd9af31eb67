"""How well does the demo's chroma check (`cli.chroma_check`) tell a continuation that keeps its prompt's harmony from one
that does not? (issue 9)  Runs on the CPU in about a minute, on the held-out chorales of `mamba-audio demo --audio`.

For each held-out chorale (one per file: its first 10 s clip), the prompt is its first p samples; the continuations
judged against that prompt are:
  - Bach's own next p samples (what a model that continues the music would score),
  - another chorale's next p samples put in its place (a continuation unrelated to its prompt: chance),
  - white noise, and the prompt's last 50 ms looped (a model that holds its last chord).
It prints the share of prompts whose continuation passes each of the three tests `chroma_check` records.

    PYTHONPATH=. python bench/chroma_calibration.py [--sample-rate 8000 --prompt 4000]
"""
import argparse
import numpy as np
from mamba_audio.audio import MuLaw
from mamba_audio.data import build_token_set
from mamba_audio.cli import chroma_profile, chroma_check, _first_of_each

p = argparse.ArgumentParser()
p.add_argument('--sample-rate', type=int, default=8000); p.add_argument('--prompt', type=int, default=4000)
a = p.parse_args()
sets = build_token_set('chorales_audio', MuLaw(), sample_rate=a.sample_rate, progress=False)
sr, P = int(sets.meta['sample_rate']), a.prompt
wav = lambda ids: np.asarray(sets.decode(np.asarray(ids))).reshape(-1)
x = [wav(sets.valid.piece(i)) for i in _first_of_each(sets.valid)]
x = np.stack([w[:2 * P] for w in x if len(w) >= 2 * P])                  # (m, 2P): one prompt and its continuation per chorale
m = len(x); opens = [chroma_profile(w[:P], sr) for w in x]
rng = np.random.default_rng(0)
cases = {"Bach's own continuation": x[:, P:],
         "another chorale's continuation": np.roll(x[:, P:], 7, axis=0),          # chorale a+7's, judged against prompt a
         'white noise': rng.standard_normal((m, P)) * x[:, P:].std(),
         'the last 50 ms looped': np.stack([np.tile(w[P - sr // 20:P], 20 * P // sr + 1)[:P] for w in x])}
print(f'{m} held-out chorales at {sr} Hz, prompt and continuation {P} samples ({P / sr:.2f} s) each, renderer {sets.meta.get("renderer", "builtin")}')
print('| continuation | passes `closer` (rank < 0.5) | mean rank | closer than the mean opening | closer than each opening |')
print('|---|---|---|---|---|')
for k, c in cases.items():
    r = chroma_check(np.concatenate([x[:, :P], c], 1), P, opens, sr)
    share = lambda key: f"{sum(q[key] for q in r)} of {m} ({100 * np.mean([q[key] for q in r]):.0f}%)"
    print(f"| {k} | {share('closer')} | {np.mean([q['rank'] for q in r]):.2f} | {share('closer_than_mean')} | {share('closer_than_each')} |")
