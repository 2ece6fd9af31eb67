"""Issue 10, decoding at batch 16: a sweep of the Triton step's tiles at b > 1 (`Mamba.step_blocks`), since kernel A at
b16 takes 10.8 us a layer against 3.9 at b1 and looks issue- and latency-bound (bench/STEP_NOTES.md, "Next, for batch 16").
Knobs: BB (rows a program in kernels A and C), BD_in (A's output channels a program: the grid is DI/BD_in x b/BB),
num_warps, E3 (the register tile of the acc3 sums). For each: one layer's token in a CUDA graph at b16 (us, the ~11M
LM's layer: d_model 512, expand 2, d_state 16, fp32), then `generate`'s tokens/s at b16 (and b4, b1) for the best few,
with the same seeded tokens as the defaults checked.
Usage: PYTHONPATH=. python bench/decode_b16_sweep.py [--budget 240] [--out sweep.json]"""
import argparse, itertools, json, time
import torch
import mamba_audio.generate as gen
from mamba_audio.mamba import Mamba
from mamba_audio.core import ModelConfig
from mamba_audio.models import MambaLM
from mamba_audio.generate import generate
import decode_common as dc

ap = argparse.ArgumentParser(); ap.add_argument('--out'); ap.add_argument('--budget', type=float, default=240); ap.add_argument('--top', type=int, default=3)
ap.add_argument('--grid', help='a JSON list of step_blocks overrides to try instead of the built-in grid')
a = ap.parse_args()
DEV, V, D, NL, P, N = torch.device('cuda'), 1024, 512, 6, 16, 1024
R, t0, BASE = dict(layer={}, rate={}, same={}, errors=[]), time.perf_counter(), dict(Mamba.step_blocks)
print(f'gpu {torch.cuda.get_device_name()}, torch {torch.__version__}, triton {__import__("triton").__version__}; defaults {BASE}', flush=True)
def use(c): Mamba.step_blocks = {**BASE, **c}; gen._GRAPHS.clear()
key = lambda c: ' '.join(f'{k}={v}' for k, v in c.items()) or 'defaults'
grid = [{}] + [dict(BB=bb, BD_in=bd, num_warps=w) for bb, bd, w in itertools.product((2, 4, 8, 16), (8, 16, 32), (2, 4))
               if (bb, bd, w) != (BASE['BB'], BASE['BD_in'], BASE['num_warps'])]
if a.grid: grid = [{}] + json.loads(a.grid)
for c in grid:
    if time.perf_counter() - t0 > a.budget: print('(time: the rest of the grid skipped)', flush=True); break
    use(c); t = dc.guarded(R, key(c), dc.layer_us, 16, D, NL, DEV)
    if t: R['layer'][key(c)] = t; print(f'  layer b16 {key(c)}: {t:.2f} us', flush=True)
best = sorted((v, k) for k, v in R['layer'].items() if k != 'defaults')[:a.top]
cfgs = {'defaults': {}} | {k: next(c for c in grid if key(c) == k) for _, k in best}
for k, c in list(cfgs.items())[1:2] if not a.grid else []:      # the best one with E3 halved and doubled
    for e3 in (2048, 8192):
        c2 = {**c, 'E3': e3}; use(c2); t = dc.guarded(R, key(c2), dc.layer_us, 16, D, NL, DEV)
        if t: R['layer'][key(c2)] = t; print(f'  layer b16 {key(c2)}: {t:.2f} us', flush=True)
torch.manual_seed(0)
model = MambaLM(ModelConfig(vocab_size=V, d_model=D, n_layer=NL, d_state=16, expand=2)).to(DEV).eval()
prompt = lambda b: torch.randint(0, V, (b, P), device=DEV, generator=torch.Generator(device=DEV).manual_seed(b))
ref = None
for k, c in cfgs.items():
    use(c); toks = dc.guarded(R, f'tokens {k}', lambda: [generate(model, prompt(b), 200, seed=3).cpu() for b in (2, 16)])
    if k == 'defaults': ref = toks
    R['same'][k] = same = toks is not None and ref is not None and all(torch.equal(x, y) for x, y in zip(toks, ref))
    for b in (16, 4, 1):
        r = dc.guarded(R, f'rate {k} b{b}', dc.rate, model, prompt, b, N, 5)
        if r: R['rate'][f'{k} b{b}'] = r; print(f'{k} b{b}: {r["tok_s"]:,.0f} tok/s (range {r["min_tok_s"]:,.0f}-{r["max_tok_s"]:,.0f}); same tokens as the defaults: {same}', flush=True)
Mamba.step_blocks = BASE
print(f'wall {time.perf_counter() - t0:.0f} s; errors {len(R["errors"])}', flush=True)
if a.out: json.dump(R, open(a.out, 'w'), indent=1, default=str)
