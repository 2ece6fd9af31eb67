"""GPU benchmark: training step, peak memory and generation of the ~11M Mamba LM of ../shared/bench (vocab 1024,
d_model 512, 6 layers, d_state 16, expand 2, bf16 autocast, fused AdamW), ours against the peers in the same run.

Usage (on the GPU machine): python bench/bench_gpu.py > log;  writes $OUT/gpu.json and prints a markdown table.
Systems: mamba_audio.MambaLM with mamba_ssm's fused kernel (the default on CUDA when mamba_ssm is installed);
mamba_audio.MambaLM on our Triton scan (what a CUDA GPU without mamba_ssm gets);
mamba_ssm.MambaLMHeadModel (Mamba-1); mamba.py 1.2 (pscan).
"""
import json, os, subprocess, sys, time
import torch, torch.nn as nn, torch.nn.functional as F
dev = 'cuda'; V, D, NL = 1024, 512, 6
res = {}
def timeit(f, n=5, warm=2):
    for _ in range(warm): f()
    torch.cuda.synchronize(); t = time.perf_counter()
    for _ in range(n): f()
    torch.cuda.synchronize(); return (time.perf_counter() - t) / n
def peak(f):
    torch.cuda.empty_cache(); torch.cuda.reset_peak_memory_stats(); f(); torch.cuda.synchronize()
    return torch.cuda.max_memory_allocated() / 2**20

def train_bench(name, model, B, L, n=5):
    model.train(); opt = torch.optim.AdamW(model.parameters(), lr=1e-4, fused=True)
    x = torch.randint(0, V, (B, L + 1), device=dev)
    def step():
        with torch.autocast('cuda', dtype=torch.bfloat16):
            lg = model(x[:, :-1]); lg = lg.logits if hasattr(lg, 'logits') else lg
            loss = F.cross_entropy(lg.float().view(-1, V), x[:, 1:].reshape(-1))
        loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
    try:
        t = timeit(step, n=n); m = peak(step)
        r = dict(ms=round(t * 1e3, 2), tok_s=round(B * L / t), peak_mib=round(m))
    except torch.OutOfMemoryError: r = 'OOM'
    except Exception as e: r = f'{type(e).__name__}: {str(e)[:160]}'
    print(f'train {name} params={sum(p.numel() for p in model.parameters())/1e6:.2f}M B={B} L={L}: {r}', flush=True)
    res[f'train/{name}/B{B}L{L}'] = r; torch.cuda.empty_cache()

def gen_bench(name, gen, bs, n=1024):
    try:
        t = timeit(lambda: gen(bs, n), n=2, warm=1); r = round(bs * n / t)
    except Exception as e: r = f'{type(e).__name__}: {str(e)[:160]}'
    print(f'gen {name} batch {bs}: {r} tok/s', flush=True); res[f'gen/{name}/b{bs}'] = r

which = sys.argv[1] if len(sys.argv) > 1 else 'all'
from mamba_audio.core import ModelConfig
from mamba_audio.models import MambaLM
from mamba_audio.generate import generate
import mamba_audio.mamba as mm
cfg = ModelConfig(vocab_size=V, d_model=D, n_layer=NL, d_state=16, expand=2)
shapes = [(8, 2048), (1, 16384), (1, 65536)]
torch.manual_seed(0)
ours = MambaLM(cfg).to(dev)
for B, L in shapes: train_bench('mamba_audio+mamba_ssm', ours, B, L)
ours.eval()
for bs in (1, 16):
    gen_bench('mamba_audio', lambda bs, n: generate(ours, torch.zeros(bs, 16, dtype=torch.long, device=dev), n), bs)
# the same model without mamba_ssm: our Triton scan (what a CUDA GPU without mamba_ssm gets)
import mamba_audio.scan as sc
saved = (mm.mamba_inner_fn, sc._mamba_ssm_scan); mm.mamba_inner_fn = None; sc._mamba_ssm_scan = None
ours.train()
for B, L in shapes[:1]: train_bench("mamba_audio-triton-scan", ours, B, L, n=2)
mm.mamba_inner_fn, sc._mamba_ssm_scan = saved
del ours; torch.cuda.empty_cache()
# peers in the same run
from mamba_ssm.models.mixer_seq_simple import MambaLMHeadModel
from mamba_ssm.models.config_mamba import MambaConfig as OC
o = MambaLMHeadModel(OC(d_model=D, n_layer=NL, vocab_size=V, rms_norm=True, residual_in_fp32=True, fused_add_norm=True, pad_vocab_size_multiple=8), device=dev)
for B, L in shapes: train_bench('mamba_ssm-Mamba1', o, B, L)
o.eval()
for bs in (1, 16):
    for cg in (False, True):
        gen_bench(f'mamba_ssm-cg{cg}', lambda bs, n: o.generate(torch.zeros(bs, 16, dtype=torch.long, device=dev), max_length=16 + n, cg=cg, temperature=1.0, top_k=0), bs)
del o; torch.cuda.empty_cache()
from mambapy.mamba import Mamba as MP, MambaConfig as MPC
class LM(nn.Module):
    def __init__(s):
        super().__init__(); s.e = nn.Embedding(V, D); s.m = MP(MPC(d_model=D, n_layers=NL, d_state=16, expand_factor=2)); s.n = nn.LayerNorm(D)
    def forward(s, x): return F.linear(s.n(s.m(s.e(x))), s.e.weight)
mp = LM().to(dev)
for B, L in shapes[:1]: train_bench('mambapy-pscan', mp, B, L, n=3)
out = os.environ.get('OUT', '/tmp')
json.dump(dict(res=res, device=torch.cuda.get_device_name(), torch=torch.__version__), open(f'{out}/gpu.json', 'w'), indent=1)
print(torch.cuda.get_device_name(), torch.__version__)
