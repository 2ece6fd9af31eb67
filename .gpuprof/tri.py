import time, torch, torch.nn.functional as F
import mamba_audio.scan as sc, mamba_audio.mamba as mm
from mamba_audio.core import ModelConfig
from mamba_audio.models import MambaLM
print('mamba_ssm', sc._mamba_ssm_scan is not None, 'triton', sc.triton is not None)
V = 1024; m = MambaLM(ModelConfig(vocab_size=V, d_model=512, n_layer=6, d_state=16, expand=2)).cuda()
opt = torch.optim.AdamW(m.parameters(), lr=1e-4, fused=True)
for B, L in ((8, 2048), (1, 16384)):
    x = torch.randint(0, V, (B, L + 1), device='cuda')
    def step():
        with torch.autocast('cuda', dtype=torch.bfloat16):
            loss = F.cross_entropy(m(x[:, :-1]).float().view(-1, V), x[:, 1:].reshape(-1))
        loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
    for K in (32, 64, 128):
        sc.SelectiveScanTriton.K = K
        step(); torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats(); t = time.perf_counter()
        for _ in range(3): step()
        torch.cuda.synchronize(); s = (time.perf_counter() - t) / 3
        print(f'B={B} L={L} triton K={K}: {B * L / s:,.0f} tok/s, peak {torch.cuda.max_memory_allocated() / 2**20:,.0f} MiB', flush=True)
