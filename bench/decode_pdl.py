"""Decoding on the GPU, version 3 (issue 10, "Generation" targets; predictions in bench/STEP_NOTES.md, "Version 3"):
programmatic dependent launch at batch 1 (the step's kernels and the fused head), kernels A and C with register-tile
sums at batch > 1 (`acc3`, `acc3_out`), kernel B's own rows per program (`BB_ssm`), the embedding as a row gather at batch > 1,
and the fused head up to batch 16. Paths: v2 (the defaults before), v3.1 (commit d30f930's), v3.2 (the defaults now).
The ~11M LM (vocab 1024, d_model 512, 6 layers, d_state 16, expand 2, fp32), `generate` of 1024 new tokens after a
16-token prompt, temperature 1, CUDA graphs; tokens/s, the median of --reps timed runs after a warm-up run, at batch 1
and 16, for each path below; then one token's time in a graph, kernel profiles, and time-boxed tile sweeps.
Usage: PYTHONPATH=. python bench/decode_pdl.py [--out pdl.json] [--budget 150]"""
import argparse, json, time
import torch
import mamba_audio.generate as gen
from mamba_audio.mamba import Mamba
from mamba_audio.core import ModelConfig
from mamba_audio.models import MambaLM
from mamba_audio.generate import generate
import decode_common as dc

ap = argparse.ArgumentParser(); ap.add_argument('--out'); ap.add_argument('--reps', type=int, default=5)
ap.add_argument('--budget', type=float, default=150, help='seconds after which the sweeps start nothing new')
args = ap.parse_args()
DEV, V, D, NL, P, N = torch.device('cuda'), 1024, 512, 6, 16, 1024
R, t0 = dict(rows={}, step_us={}, sweeps={}, errors=[]), time.perf_counter()
BASE, BASE_DOT, BASE_HEAD = dict(Mamba.step_blocks), dict(Mamba.step_blocks_dot), dict(gen.HEAD_BLOCKS)
NO_PDL = dict(pdl=False, b1={**BASE['b1'], 'pdl': False})
V31 = dict(acc3_out=False, BB_ssm=None, b1=dict(BM=4, num_warps=8, acc3=False))       # the defaults of d30f930
PATHS = {'v2': dict(blocks=dict(NO_PDL, acc3=False, acc3_out=False, BB_ssm=None, b1=dict(BM=4, num_warps=8, pdl=False, acc3=False)),
                    dot={}, head=dict(pdl_below=0, fused_below=9)),
         'v3.1 (d30f930)': dict(blocks=V31, dot={}, head={}),
         'v3.2 (defaults)': dict(blocks={}, dot={}, head={})}

def use(path, blocks=None, dot=None, head=None):
    "Set the class-wide switches of one path (plus overrides); clear the kept graphs."
    c = PATHS[path]; Mamba.step_blocks = {**BASE, **c['blocks'], **(blocks or {})}
    Mamba.step_blocks_dot = {**BASE_DOT, **c['dot'], **(dot or {})}; gen.HEAD_BLOCKS = {**BASE_HEAD, **c['head'], **(head or {})}
    gen._GRAPHS.clear()

guarded = lambda what, f, *a: dc.guarded(R, what, f, *a)

torch.manual_seed(0)
model = MambaLM(ModelConfig(vocab_size=V, d_model=D, n_layer=NL, d_state=16, expand=2)).to(DEV).eval()
prompt = lambda b: torch.randint(0, V, (b, P), device=DEV, generator=torch.Generator(device=DEV).manual_seed(b))
print(f'gpu {torch.cuda.get_device_name()}, torch {torch.__version__}, triton {__import__("triton").__version__}', flush=True)

def rate(b): return dc.rate(model, prompt, b, N, args.reps)

toks = {}
for path in PATHS:
    use(path)
    for b in (1, 16):
        r = guarded(f'{path} b{b}', rate, b)
        if r: R['rows'][f'{path} b{b}'] = r; print(f'{path} b{b}: {r["tok_s"]:,.0f} tok/s (range {r["min_tok_s"]:,.0f}-{r["max_tok_s"]:,.0f})', flush=True)
    toks[path] = guarded(f'{path} tokens', lambda: [generate(model, prompt(b), 200, seed=3).cpu() for b in (2, 16)])
ref = toks['v2']
same = {p: (t is not None and ref is not None and all(torch.equal(x, y) for x, y in zip(t, ref))) for p, t in toks.items()}
R['same tokens as v2 (b2 and b16, 200, seed 3)'] = same; print('same tokens as v2 (b2 and b16, 200 tokens, seed 3):', same, flush=True)
for p, t in toks.items():
    if t is not None and ref is not None and not same[p]:
        print(f'  {p}: tokens equal to v2 {[float((x == y).float().mean()) for x, y in zip(t, ref)]} (share, b2 / b16)', flush=True)
best = {}
for b, tgt in ((1, 16000), (16, 150000)):
    rs = {p: R['rows'][f'{p} b{b}']['tok_s'] for p in PATHS if f'{p} b{b}' in R['rows'] and same.get(p)}
    if rs: best[b] = max(rs, key=rs.get); print(f'best b{b} (same tokens): {best[b]}: {rs[best[b]]:,.0f} tok/s = {rs[best[b]] / tgt:.2f}x the target {tgt:,}', flush=True)
R['best'] = best

graph_us = dc.graph_us

def token_us(b):
    "One token in a graph with the switches as they are: step_hidden + head_draw (fused) or step + sample, us."
    st, tok = model.allocate_state(b), torch.zeros(b, dtype=torch.long, device=DEV)
    step = gen._stepper(model, gen.partial(gen.sample, temperature=1.0), False)   # the default generator: graph-safe
    return graph_us(lambda: step(tok, st))

for path in PATHS:
    for b in (1, 16):
        use(path); t = guarded(f'token us {path} b{b}', token_us, b)
        if t: R['step_us'][f'{path} b{b}'] = t; print(f'one token in a graph (model + draw), {path} b{b}: {t:.1f} us', flush=True)

def profile(path, b, n=256):
    use(path)
    R.setdefault('profiles', {})[f'{path} b{b}'] = dc.kernel_profile(lambda: generate(model, prompt(b), n, temperature=1.0, seed=0), n, f'{path} b{b} (kernel time; under PDL it includes the waits)', top=12)

for path, b in (('v2', 1), ('v2', 16)):
    guarded(f'profile {path} b{b}', profile, path, b)

def layer_us(b): return dc.layer_us(b, D, NL, DEV)

def head_us(b): return dc.head_us(b, D, V, DEV)

SW = [('layer b16', 16, layer_us, 'blocks', [{}, dict(BB_ssm=1), dict(BB_ssm=4), dict(acc3_out=False)]),
      ('layer b1', 1, layer_us, 'b1', [{}, dict(BM=4), dict(num_warps=8)])]
for name, b, fn, which, cfgs in SW:
    res = []
    for c in cfgs:
        if time.perf_counter() - t0 > args.budget: print(f'  (time: the rest of {name} skipped)', flush=True); break
        if which == 'head': use('v3.2 (defaults)', head=c)
        elif which == 'b1': use('v3.2 (defaults)', blocks={'b1': {**BASE.get('b1', {}), **c}})
        else: use('v3.2 (defaults)', blocks=c)
        t = guarded(f'sweep {name} {c}', fn, b)
        if t: res.append(dict(us=t, **c)); print(f'  sweep {name} {c or "default"}: {t:.2f} us', flush=True)
    R['sweeps'][name] = res
Mamba.step_blocks, Mamba.step_blocks_dot, gen.HEAD_BLOCKS = BASE, BASE_DOT, BASE_HEAD
print(f'wall {time.perf_counter() - t0:.0f} s; errors: {len(R["errors"])}', flush=True)
if args.out: json.dump(R, open(args.out, 'w'), indent=1, default=str)
