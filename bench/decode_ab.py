"""Decoding on the GPU, old path against new (issue 10, "Generation" targets; design and predictions in bench/STEP_NOTES.md).
The ~11M LM (vocab 1024, d_model 512, 6 layers, d_state 16, expand 2, fp32), `generate` of 1024 new tokens after a 16-token
prompt, temperature 1, CUDA graphs; tokens/s, the median of --reps timed runs after a warm-up run, at batch 1 and 16, for:
  old:        the three-kernel step with its old tiles (BM=8), no tl.dot, `model.step` then `sample` (7 kernels for the head)
  fused head: old step, `head_draw` (the head and the Gumbel-max draw in two kernels)
  dot:        old tiles at b1, tl.dot for kernels A and C from b9 on (opt-in since the 2026-12-02 run), `sample`
  new:        the defaults (2026-12-02, after the run: b1 tiles BM=4, b>1 BM=8 num_warps=4, no tl.dot, the fused head below b9)
  new + chain: and two kernels a layer at b<9 (`step_blocks['chain']`, B' with BD_q channels a program)
Then whole-model step times in a graph, a torch.profiler kernel table (old and new, b1 and b16), and time-boxed tile sweeps
(the tl.dot tiles per layer at b16; the head's tiles). Usage: PYTHONPATH=. python bench/decode_ab.py [--out ab.json]"""
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
PATHS = {'old': dict(blocks=dict(BM=8, num_warps=8, b1={}), dot=dict(from_b=10 ** 9), fused=False),
         'fused head': dict(blocks=dict(BM=8, num_warps=8, b1={}), dot=dict(from_b=10 ** 9), fused=True),
         'dot': dict(blocks=dict(BM=8, num_warps=8, b1={}), dot=dict(from_b=9), fused=False),
         'new': dict(blocks={}, dot={}, fused=True),
         'new + chain': dict(blocks=dict(chain=True), dot={}, fused=True)}

def use(path):
    "Set the class-wide switches of one path; clear the kept graphs (the key would catch it too)."
    c = PATHS[path]; Mamba.step_blocks = {**BASE, **c['blocks']}; Mamba.step_blocks_dot = {**BASE_DOT, **c['dot']}
    gen.FUSED_SAMPLING = c['fused']; gen._GRAPHS.clear()

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
    toks[path] = guarded(f'{path} tokens', lambda: generate(model, prompt(2), 200, seed=3).cpu())
same = {p: (t is not None and toks['old'] is not None and torch.equal(t, toks['old'])) for p, t in toks.items()}
R['same tokens as old (b2, 200, seed 3)'] = same; print('same tokens as old (b2, 200 tokens, seed 3):', same, flush=True)
for b, tgt in ((1, 16000), (16, 150000)):
    r = R['rows'].get(f'new b{b}')
    if r: print(f'new b{b}: {r["tok_s"]:,.0f} tok/s = {r["tok_s"] / tgt:.2f}x the target {tgt:,}', flush=True)

graph_us = dc.graph_us

def token_us(path, b):
    "One token in a graph: step_hidden + head_draw (fused) or step + sample, us."
    if path: use(path)                                   # None: the switches as they are
    st, tok = model.allocate_state(b), torch.zeros(b, dtype=torch.long, device=DEV)
    step = gen._stepper(model, gen.partial(gen.sample, temperature=1.0), False)   # the default generator: graph-safe
    return graph_us(lambda: step(tok, st))

for path in ('old', 'new', 'new + chain'):
    for b in (1, 16):
        t = guarded(f'token us {path} b{b}', token_us, path, b)
        if t: R['step_us'][f'{path} b{b}'] = t; print(f'one token in a graph (model + draw), {path} b{b}: {t:.1f} us', flush=True)

def profile(path, b, n=256):
    use(path)
    R.setdefault('profiles', {})[f'{path} b{b}'] = dc.kernel_profile(lambda: generate(model, prompt(b), n, temperature=1.0, seed=0), n, f'{path} b{b}', top=14)

for path in ('old', 'new', 'new + chain'):
    for b in (1, 16):
        if path == 'new + chain' and b == 16: continue                 # the same as new at b16 (tl.dot: no chain)
        guarded(f'profile {path} b{b}', profile, path, b)

def layer_us(b): return dc.layer_us(b, D, NL, DEV)

def head_us(b): return dc.head_us(b, D, V, DEV)

SW = [('chain b1 (whole token)', 1, lambda b: token_us(None, b), 'blocks', [{}, dict(chain=True), dict(chain=True, BD_q=16),
       dict(chain=True, BD_q=64), dict(chain=True, num_warps=4), dict(chain=True, BD_in=8)]),
      ('layer b16 dot', 16, layer_us, 'dot', [dict(from_b=9), dict(from_b=9, BK_in=64), dict(from_b=9, BK_out=128), dict(from_b=9, num_warps=8)]),
      ('head b1', 1, head_us, 'head', [{}, dict(BV=8), dict(BV=32), dict(num_warps=8), dict(num_warps=2), dict(BV=8, num_warps=2)]),
      ('head b16', 16, head_us, 'head', [{}, dict(BV_dot=32), dict(BK_dot=32), dict(BK_dot=128), dict(num_warps=8), dict(num_warps=2)]),
      ('layer b1', 1, layer_us, 'blocks', [{}, dict(BM=2), dict(BD_in=8), dict(BD_in=8, BM=2), dict(BD_ssm=64), dict(num_warps=4)]),
      ('layer b16 no dot, BB4', 16, layer_us, 'blocks', [dict(num_warps=4)])]
for name, b, fn, which, cfgs in SW:
    res = []
    for c in cfgs:
        if time.perf_counter() - t0 > args.budget: print(f'  (time: the rest of {name} skipped)', flush=True); break
        Mamba.step_blocks, Mamba.step_blocks_dot, gen.HEAD_BLOCKS = dict(BASE), dict(BASE_DOT), dict(BASE_HEAD)
        if which == 'dot': Mamba.step_blocks_dot = {**BASE_DOT, **c}
        elif which == 'blocks':
            if fn is not layer_us: use('new')                           # the new path, then these tiles on top
            Mamba.step_blocks = {**BASE, **c, 'b1': {**BASE.get('b1', {}), **c}}; Mamba.step_blocks_dot = {**BASE_DOT, 'from_b': 10 ** 9} if b == 16 else dict(BASE_DOT)
        else: gen.HEAD_BLOCKS = {**BASE_HEAD, **c}
        t = guarded(f'sweep {name} {c}', fn, b)
        if t: res.append(dict(us=t, **c)); print(f'  sweep {name} {c or "default"}: {t:.2f} us', flush=True)
    R['sweeps'][name] = res
Mamba.step_blocks, Mamba.step_blocks_dot, gen.HEAD_BLOCKS = BASE, BASE_DOT, BASE_HEAD
print(f'wall {time.perf_counter() - t0:.0f} s; errors: {len(R["errors"])}', flush=True)
if args.out: json.dump(R, open(args.out, 'w'), indent=1, default=str)
