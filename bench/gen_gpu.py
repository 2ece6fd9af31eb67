"""GPU generation speed (issue 10, "fast decoding" and "a fair Transformer baseline"), every row in one run.

The ~11M LM of bench_gpu.py (vocab 1024, d_model 512, 6 layers, d_state 16, expand 2, fp32 weights) and its matched
TransformerLM (`matched_transformer`, block_size 2048, as ../shared/bench/same_run.py builds it). Each row: tokens/s
of `generate` making 1024 new tokens after a 16-token prompt, plain multinomial sampling at temperature 1, the median
of 5 timed runs after one warm-up run (which compiles the Triton kernels and captures the CUDA graphs that later calls
reuse), at batch 1 and 16:
  - ours MambaLM, CUDA graph on (the default) and off; with whatever `Mamba.step` dispatches to;
  - ours MambaLM with `Mamba.step` replaced by `step_ref` (plus the layer's RMSNorm and residual), graph on: the
    PyTorch reference step, to show what the fused step kernel buys;
  - mamba_ssm's `MambaLMHeadModel.generate(cg=True)`, if mamba_ssm imports (one line saying why otherwise);
  - ours TransformerLM (static KV cache), CUDA graph on and off.
First it checks, for MambaLM, TransformerLM and MambaAudioModel, that graph and eager decoding give the same tokens
under a seed (greedy and sampled, and sliding windows for the capped models), that the captured static-cache
TransformerLM step gives the forward pass's logits, and that training's attention runs on SDPA's flash kernel.
Last (after the JSON is written), a profile of graph decoding at batch 1 (MambaLM, then TransformerLM): the kernels
the time goes to, unless --no-profile.

Usage (from the project root): PYTHONPATH=. python bench/gen_gpu.py [--out bench/gen_gpu.json] [--reps 5]
(a copy of the tree without .git: GIT_COMMIT=<hash> PYTHONPATH=. python bench/gen_gpu.py)"""
import argparse, json, os, statistics, subprocess, sys, time, warnings
import torch, torch.nn.functional as F
import mamba_audio.mamba as mm
import mamba_audio.generate as gen
from mamba_audio.core import ModelConfig, preset
from mamba_audio.models import MambaLM, MambaAudioModel, TransformerLM, matched_transformer, build_model
from mamba_audio.generate import generate

ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
ap.add_argument('--out', help='also write the results as JSON here')
ap.add_argument('--reps', type=int, default=5, help='timed runs per row (the median is reported)')
ap.add_argument('--n', type=int, default=1024, help='new tokens per run')
ap.add_argument('--no-profile', action='store_true', help='skip the kernel profile at the end')
args = ap.parse_args()
assert torch.cuda.is_available(), 'this benchmark needs a CUDA GPU'
dev, V, D, NL, P = torch.device('cuda'), 1024, 512, 6, 16
res = dict(rows={}, checks={})

def commit():
    "The checkout's git commit (and whether it has uncommitted changes); $GIT_COMMIT where the copy has no .git."
    if os.environ.get('GIT_COMMIT'): return os.environ['GIT_COMMIT'] + ' (from $GIT_COMMIT)'
    try:
        h = subprocess.run(['git', 'rev-parse', 'HEAD'], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(['git', 'status', '--porcelain', '--untracked-files=no'], capture_output=True, text=True).stdout.strip()
        return h + (' (with uncommitted changes)' if dirty else '')
    except Exception as e: return f'unknown ({type(e).__name__})'

try: import triton; tv = triton.__version__
except ImportError: tv = None
res['env'] = dict(gpu=torch.cuda.get_device_name(), torch=torch.__version__, triton=tv, commit=commit(), python=sys.version.split()[0],
                  mamba_ssm_decode_kernels=mm.selective_state_update is not None and mm.causal_conv1d_update is not None)
for k, v in res['env'].items(): print(f'{k}: {v}', flush=True)

def step_ref_any(self, x_t, state, norm_weight=None, eps=1e-5, residual=False):
    "Mamba.step's signature on `step_ref`: the RMSNorm first, the residual after, the reference step between."
    h = x_t if norm_weight is None else F.rms_norm(x_t, (self.d_model,), norm_weight, eps)
    y, state = self.step_ref(h, state)
    return (x_t + y if residual else y), state

# ---- checks: the graph path gives the eager path's tokens ----
def check(name, ok, detail=''):
    res['checks'][name] = dict(ok=bool(ok), detail=detail)
    print(f"check {name}: {'OK' if ok else 'MISMATCH'} {detail}", flush=True)

t0 = time.perf_counter()
torch.manual_seed(0)
small = dict(vocab_size=512)
cms = dict(mamba=MambaLM(preset('small', **small)).to(dev), transformer=TransformerLM(preset('small', block_size=64, **small)).to(dev),
           seed=MambaAudioModel(preset('small', arch='seed', block_size=64, **small)).to(dev))
pc = torch.randint(0, 512, (2, 8), device=dev)
for name, m in cms.items():
    for label, kw in (('greedy', dict(temperature=0)), ('seed3', dict(seed=3)), ('seed3_topk50_topp0.9', dict(seed=3, top_k=50, top_p=0.9))):
        try:
            with warnings.catch_warnings(record=True) as ws:
                warnings.simplefilter('always')
                a = generate(m, pc, 100, cuda_graph=True, slide=True, **kw)
            failed = [str(w.message)[:300] for w in ws if 'CUDA graph capture failed' in str(w.message)]
            r = generate(m, pc, 100, cuda_graph=False, slide=True, **kw)
            check(f'{name} graph==eager {label}', torch.equal(a, r) and not failed,    # a failed capture falls back: not a pass
                  f'({(a != r).sum().item()} of {r[:, 8:].numel()} tokens differ) {" ".join(failed)}')
        except Exception as e: check(f'{name} graph==eager {label}', False, f'{type(e).__name__}: {str(e)[:300]}')
tm = cms['transformer'].eval()
try:
    toks = torch.randint(0, 512, (2, 24), device=dev); st, tok = tm.allocate_state(2), toks[:, 0].clone()
    s = torch.cuda.Stream(); s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s): tm.step(tok, st)
    torch.cuda.current_stream().wait_stream(s)
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g): logits, _ = tm.step(tok, st)
    st['pos'].zero_(); st['k'].zero_(); st['v'].zero_(); ys = []
    for t in range(24): tok.copy_(toks[:, t]); g.replay(); ys.append(logits.clone())
    with torch.no_grad(): err = (torch.stack(ys, 1) - tm(toks)).abs().max().item()
    check('transformer captured step == forward (fp32)', err < 1e-3, f'(max |diff| {err:.2e})')
except Exception as e: check('transformer captured step == forward (fp32)', False, f'{type(e).__name__}: {str(e)[:300]}')
try:                                                                   # training's attention: SDPA's flash kernel takes it
    from torch.nn.attention import sdpa_kernel, SDPBackend
    x = torch.randint(0, 512, (2, 64), device=dev)
    with sdpa_kernel(SDPBackend.FLASH_ATTENTION), torch.autocast('cuda', dtype=torch.bfloat16): tm.train()(x).float().sum().backward()
    check('transformer training attention runs on the flash kernel (bf16)', True)
except Exception as e: check('transformer training attention runs on the flash kernel (bf16)', False, f'{type(e).__name__}: {str(e)[:300]}')
del cms, tm; gen._GRAPHS.clear(); torch.cuda.empty_cache()
print(f'checks took {time.perf_counter() - t0:.1f} s', flush=True)

# ---- speed ----
def rate(name, f, reps=args.reps, n=args.n):
    "Median tokens/s of f(b, n) over `reps` timed runs after one warm-up, at b = 1 and 16."
    for b in (1, 16):
        try:
            torch.cuda.synchronize(); t = time.perf_counter(); f(b, n); torch.cuda.synchronize(); first = time.perf_counter() - t
            ts = []
            for _ in range(reps):
                torch.cuda.synchronize(); t = time.perf_counter(); f(b, n); torch.cuda.synchronize(); ts.append(time.perf_counter() - t)
            med = statistics.median(ts); r = dict(tok_s=b * n / med, ms_per_run=med * 1e3, first_run_ms=first * 1e3,
                                                 min_tok_s=b * n / min(ts), max_tok_s=b * n / max(ts))
            print(f'{name} b{b}: {r["tok_s"]:,.0f} tok/s (median of {reps}: {med * 1e3:.1f} ms per {n} tokens; '
                  f'range {r["max_tok_s"]:,.0f}-{r["min_tok_s"]:,.0f}; first run, with capture, {first * 1e3:.0f} ms)', flush=True)
        except Exception as e:
            r = dict(error=f'{type(e).__name__}: {str(e)[:300]}'); print(f'{name} b{b}: {r["error"]}', flush=True)
        res['rows'][f'{name} b{b}'] = r
        torch.cuda.empty_cache()

cfg = ModelConfig(vocab_size=V, d_model=D, n_layer=NL, d_state=16, expand=2)
torch.manual_seed(0)
ours = MambaLM(cfg).to(dev).eval()
prompt = lambda b: torch.randint(0, V, (b, P), device=dev, generator=torch.Generator(device=dev).manual_seed(b))
ours_gen = lambda cg: (lambda b, n: generate(ours, prompt(b), n, temperature=1.0, seed=0, cuda_graph=cg))
print(f'Mamba.step is {mm.Mamba.step.__qualname__}', flush=True)
rate('ours MambaLM, CUDA graph', ours_gen(True))
saved = mm.Mamba.step; mm.Mamba.step = step_ref_any                # the graph key holds Mamba.step: new graphs are captured
try: rate('ours MambaLM, step_ref forced, CUDA graph', ours_gen(True))
finally: mm.Mamba.step = saved
rate('ours MambaLM, eager (no graph)', ours_gen(False))
gen._GRAPHS.clear(); del ours; torch.cuda.empty_cache()

try:
    from mamba_ssm.models.mixer_seq_simple import MambaLMHeadModel
    from mamba_ssm.models.config_mamba import MambaConfig
except Exception as e: MambaLMHeadModel = None; print(f'mamba_ssm: skipped, it does not import ({type(e).__name__}: {e})', flush=True)
if MambaLMHeadModel is not None:
    torch.manual_seed(0)
    o = MambaLMHeadModel(MambaConfig(d_model=D, n_layer=NL, vocab_size=V, rms_norm=True, residual_in_fp32=True, fused_add_norm=True,
                                     pad_vocab_size_multiple=8), device=dev).eval()
    rate('mamba_ssm MambaLMHeadModel.generate(cg=True)',
         lambda b, n: o.generate(prompt(b), max_length=P + n, cg=True, temperature=1.0, top_k=0))
    del o; torch.cuda.empty_cache()

tcfg = matched_transformer(cfg).replace(block_size=2048)
torch.manual_seed(0)
tm = build_model(tcfg).to(dev).eval()
print(f'matched TransformerLM: d_model {tcfg.d_model}, {tcfg.n_layer} layers, {tcfg.n_head} heads, d_ff {tcfg.d_ff}, '
      f'block_size {tcfg.block_size}; {sum(p.numel() for p in tm.parameters()):,} parameters', flush=True)
tgen = lambda cg: (lambda b, n: generate(tm, prompt(b), n, temperature=1.0, seed=0, cuda_graph=cg))
rate('ours TransformerLM, CUDA graph', tgen(True))
rate('ours TransformerLM, eager (no graph)', tgen(False))
gen._GRAPHS.clear(); del tm; torch.cuda.empty_cache()
print(f'total {time.perf_counter() - t0:.0f} s', flush=True)
before = {1: dict(mamba=2825, transformer=529, mamba_ssm=2341), 16: dict(mamba=28048, transformer=7630, mamba_ssm=27509)}  # issue 10
target = {1: 16000, 16: 150000}
print('\nsummary (tokens/s; "before": issue 10 on the same kind of H200, commit 84046b5; targets for ours MambaLM: 16,000 at b1, 150,000 at b16)')
for key, r in res['rows'].items():
    b = int(key.rsplit(' b', 1)[1]); kind = 'transformer' if 'Transformer' in key else 'mamba_ssm' if key.startswith('mamba_ssm') else 'mamba'
    if 'tok_s' not in r: print(f'  {key}: {r.get("error")}'); continue
    extra = f', {r["tok_s"] / target[b]:.2f}x the target' if key.startswith('ours MambaLM, CUDA graph') and b in target else ''
    print(f'  {key}: {r["tok_s"]:,.0f}' + (f' ({r["tok_s"] / before[b][kind]:.1f}x before{extra})' if b in before else ''))
if args.out:
    with open(args.out, 'w') as f: json.dump(res, f, indent=1)
    print(f'wrote {args.out}')

def profile(name, model, n=256, rows=18):
    "The kernels one graph-decoding call of n tokens at batch 1 spends GPU time on (after a warm-up call)."
    from torch.profiler import profile as prof, ProfilerActivity
    f = lambda: generate(model, prompt(1), n, temperature=1.0, seed=0)
    f(); torch.cuda.synchronize()
    with prof(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as p: f(); torch.cuda.synchronize()
    print(f'--- profile: {name}, b1, {n} tokens, CUDA graph (per-kernel times; graph kernels are listed if CUPTI traces them)')
    print(p.key_averages().table(sort_by='cuda_time_total', row_limit=rows, max_name_column_width=70), flush=True)

if not args.no_profile:
    for name, mk in (('ours MambaLM', lambda: MambaLM(cfg)), ('ours TransformerLM', lambda: build_model(tcfg))):
        try: profile(name, mk().to(dev).eval())
        except Exception as e: print(f'profile {name}: {type(e).__name__}: {str(e)[:300]}', flush=True)
        gen._GRAPHS.clear(); torch.cuda.empty_cache()
