"""GPU: training-step speed of MambaLM on the pure-PyTorch chunked scan (no mamba_ssm) against the chunk length.
Usage: python bench/chunk_sweep.py   (the ~11M config of bench_gpu.py, B=8, L=2048, bf16 autocast)"""
import time, torch, torch.nn.functional as F
import mamba_audio.scan as sc, mamba_audio.mamba as mm
from mamba_audio.core import ModelConfig
from mamba_audio.models import MambaLM
sc._mamba_ssm_scan = None; mm.mamba_inner_fn = None
V = 1024; m = MambaLM(ModelConfig(vocab_size=V, d_model=512, n_layer=6, d_state=16, expand=2)).cuda()
opt = torch.optim.AdamW(m.parameters(), lr=1e-4, fused=True)
x = torch.randint(0, V, (8, 2049), device='cuda')
orig = sc.selective_scan_chunked
for chunk in (32, 64, 128, 256, 512):
    sc.selective_scan_chunked = lambda *a, chunk=chunk: orig(*a, chunk=chunk)
    def step():
        with torch.autocast('cuda', dtype=torch.bfloat16):
            loss = F.cross_entropy(m(x[:, :-1]).float().view(-1, V), x[:, 1:].reshape(-1))
        loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
    try:
        step(); torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats(); t = time.perf_counter()
        for _ in range(3): step()
        torch.cuda.synchronize(); s = (time.perf_counter() - t) / 3
        print(f'chunk {chunk}: {8 * 2048 / s:,.0f} tok/s, peak {torch.cuda.max_memory_allocated() / 2**20:,.0f} MiB', flush=True)
    except torch.OutOfMemoryError: print(f'chunk {chunk}: OOM', flush=True); torch.cuda.empty_cache()
