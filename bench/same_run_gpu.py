"""GPU, one run, every system side by side (needs mamba_ssm and causal_conv1d; `bash bench/own_gpu11.sh` builds them):
the training step of the ~11M LM of `../shared/bench/README.md` (vocab 1024, d_model 512, 6 layers, d_state 16,
expand 2; bf16 autocast, fused AdamW, random tokens) at the three shapes, each system eager (as `../shared/bench/same_run.py`
times it) and, where it captures, replayed from one CUDA graph by the library's `GraphStep` (the step `fit` runs; it also
computes the gradient norm, unclipped here, which the eager rows don't) so that neither side is compared with the host
in the way on one side only; then generation, 1024 tokens after a 16-token prompt, tokens/s.
Timed as same_run.py: median of 5 steps after warm-up (2 eager steps; for a graph, 2 eager steps, the capture and 2
replays), peak MiB allocated over the timed steps (for a graph also the memory reserved: its pool is reserved, not
allocated, between replays). Usage: PYTHONPATH=. python bench/same_run_gpu.py
  --ours-only [SCAN_SET strings...]: only our training rows (no mamba_ssm needed), once for each `SelectiveScanTriton`
  variant given as bench/scan_settings.py reads them ("" is the defaults), e.g. --ours-only "" "prefetch=1"
  --core: ours and mamba_ssm's Mamba-1 only (training, then generation), for a call short of device time"""
import os, sys, time, torch, torch.nn as nn, torch.nn.functional as F
import mamba_audio.mamba as mm, mamba_audio.scan as sc
from mamba_audio.core import ModelConfig
from mamba_audio.models import MambaLM, matched_transformer, build_model
from mamba_audio.generate import generate
from mamba_audio.train import GraphStep
import triton
OURS = '--ours-only' in sys.argv; CORE = '--core' in sys.argv
if not OURS:
    import mamba_ssm
    from mamba_ssm.models.mixer_seq_simple import MambaLMHeadModel
    from mamba_ssm.models.config_mamba import MambaConfig as OC
V, D, NL = 1024, 512, 6; SHAPES = [(8, 2048), (1, 16384), (1, 65536)]
print(torch.cuda.get_device_name(), 'torch', torch.__version__, 'triton', triton.__version__,
      'mamba_ssm', 'not used' if OURS else mamba_ssm.__version__, flush=True)

class Logits(nn.Module):
    "mamba_ssm's LM with plain logits out (what `GraphStep`'s loss takes)."
    def __init__(self, m): super().__init__(); self.m = m
    def forward(self, x): return self.m(x).logits

def bench_train(name, model, B, L, graph, n=5):
    model.train(); opt = torch.optim.AdamW(model.parameters(), lr=1e-4, fused=True)
    torch.manual_seed(1); x = torch.randint(0, V, (B, L + 1), device='cuda'); gs = None
    if graph: gs = GraphStep(model, opt, None, True); step = lambda: gs(x[:, :-1], x[:, 1:])
    else:
        def step():
            with torch.autocast('cuda', dtype=torch.bfloat16):
                loss = F.cross_entropy(model(x[:, :-1]).float().reshape(-1, V), x[:, 1:].reshape(-1))
            loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
    try:
        for _ in range(5 if graph else 2): step()
        torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats(); ts = []
        for _ in range(n):
            t = time.perf_counter(); step(); torch.cuda.synchronize(); ts.append(time.perf_counter() - t)
        t = sorted(ts)[n // 2]
        r = (f'{B * L / t / 1e3:.0f}k tok/s ({t * 1e3:.1f} ms; all {", ".join(f"{v * 1e3:.1f}" for v in ts)}), '
             f'peak {torch.cuda.max_memory_allocated() / 2**20:.0f} MiB')
        if graph: r += f', {torch.cuda.memory_reserved() / 2**20:.0f} MiB reserved' + ('' if gs.graph is not None else f'; NOT CAPTURED: {gs.failed}')
    except torch.OutOfMemoryError: r = 'OOM'
    except Exception as e: r = f'{type(e).__name__}: {str(e)[:200]}'
    finally:
        if gs is not None: gs.close()
    print(f'train {name}{" graph" if graph else ""} B={B} L={L}: {r}', flush=True)
    del opt, gs, step; torch.cuda.synchronize(); torch.cuda.empty_cache()    # no graph is live here

def rate(f, bs, n=1024):
    f(bs, 32); torch.cuda.synchronize(); t = time.perf_counter(); f(bs, n); torch.cuda.synchronize(); return bs * n / (time.perf_counter() - t)
prompt = lambda b: torch.zeros(b, 16, dtype=torch.long, device='cuda')

cfg = ModelConfig(vocab_size=V, d_model=D, n_layer=NL, d_state=16, expand=2)
saved = (mm.mamba_inner_fn, sc._mamba_ssm_scan, mm.selective_state_update, mm.causal_conv1d_update)
def mamba_ssm_kernels(on):
    mm.mamba_inner_fn, sc._mamba_ssm_scan, mm.selective_state_update, mm.causal_conv1d_update = saved if on else (None,) * 4

torch.manual_seed(0); ours = MambaLM(cfg).cuda()
mamba_ssm_kernels(False)                                     # 1. ours, our own kernels only (what a user without mamba_ssm gets)
if OURS:
    sys.path.insert(0, os.path.dirname(__file__)); import scan_settings
    for v in scan_settings.each(sc.SelectiveScanTriton, sys.argv[sys.argv.index('--ours-only') + 1:] or ['']):
        for B, L in SHAPES:
            for g in (False, True): bench_train(f'ours [{v or "defaults"}]', ours, B, L, g)
    sys.exit()
for B, L in SHAPES:
    for g in (False, True): bench_train('ours, no mamba_ssm', ours, B, L, g)
o = MambaLMHeadModel(OC(d_model=D, n_layer=NL, vocab_size=V, rms_norm=True, residual_in_fp32=True, fused_add_norm=True,
                        pad_vocab_size_multiple=8), device='cuda')
for B, L in SHAPES:                                          # 2. mamba_ssm's Mamba-1
    for g in (False, True): bench_train('mamba_ssm Mamba-1', Logits(o), B, L, g)
tcfg = matched_transformer(cfg)
for B, L in ([] if CORE else SHAPES):                                          # 3. our matched Transformer
    tm = build_model(tcfg.replace(block_size=max(L, 2048))).cuda()
    for g in (False, True): bench_train('ours, Transformer', tm, B, L, g)
    del tm; torch.cuda.empty_cache()
mamba_ssm_kernels(True)                                      # 4. ours on mamba_ssm's kernels
for B, L in ([] if CORE else SHAPES): bench_train('ours on mamba_ssm', ours, B, L, False)
try:                                                         # 5. mamba_ssm's Mamba-2
    if CORE: raise RuntimeError('skipped (--core)')
    o2 = MambaLMHeadModel(OC(d_model=D, n_layer=NL, vocab_size=V, ssm_cfg=dict(layer='Mamba2'), rms_norm=True, residual_in_fp32=True,
                             fused_add_norm=True, pad_vocab_size_multiple=8), device='cuda')
    for B, L in SHAPES: bench_train('mamba_ssm Mamba-2', Logits(o2), B, L, False)
    del o2; torch.cuda.empty_cache()
except Exception as e: print('mamba_ssm Mamba-2:', type(e).__name__, str(e)[:200], flush=True)
# generation (no empty_cache from here on: the decoders' graphs are live)
ours.eval(); o.eval()
for bs in (1, 16):
    mamba_ssm_kernels(False); a = rate(lambda b, n: generate(ours, prompt(b), n), bs)
    mamba_ssm_kernels(True); c = rate(lambda b, n: generate(ours, prompt(b), n), bs)
    m1 = rate(lambda b, n: o.generate(prompt(b), max_length=16 + n, cg=True, temperature=1.0, top_k=0), bs)
    print(f'generate b={bs}: ours, no mamba_ssm {a:,.0f} tok/s; ours on mamba_ssm {c:,.0f}; mamba_ssm generate(cg=True) {m1:,.0f}', flush=True)
tm = build_model(tcfg.replace(block_size=2048)).cuda().eval()
for bs in (() if CORE else (1, 16)): print(f'generate b={bs}: ours, Transformer {rate(lambda b, n: generate(tm, prompt(b), n), bs):,.0f} tok/s', flush=True)
print('same_run: done', flush=True)
