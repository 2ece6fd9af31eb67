import time, torch, torch.nn.functional as F
import mamba_audio.scan as sc, mamba_audio.mamba as mm
from mamba_audio.core import ModelConfig
from mamba_audio.models import MambaLM
sc._mamba_ssm_scan = None; mm.mamba_inner_fn = None
V = 1024; m = MambaLM(ModelConfig(vocab_size=V, d_model=512, n_layer=6, d_state=16, expand=2)).cuda()
opt = torch.optim.AdamW(m.parameters(), lr=1e-4, fused=True)
x = torch.randint(0, V, (8, 2049), device='cuda')
def step():
    with torch.autocast('cuda', dtype=torch.bfloat16):
        loss = F.cross_entropy(m(x[:, :-1]).float().view(-1, V), x[:, 1:].reshape(-1))
    loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
step(); torch.cuda.synchronize()
from torch.profiler import profile, ProfilerActivity
with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as p:
    step(); torch.cuda.synchronize()
print(p.key_averages().table(sort_by='cuda_time_total', row_limit=25, max_name_column_width=60))
# the scan alone, fwd+bwd, fp32
args = sc.random_scan_inputs(8, 2048, 1024, 16, device='cuda', requires_grad=True, seed=0)
for chunk in (64, 256):
    torch.cuda.synchronize(); t = time.perf_counter()
    for _ in range(3): sc.selective_scan_chunked(*args, chunk=chunk).sum().backward()
    torch.cuda.synchronize(); print('scan alone chunk', chunk, (time.perf_counter() - t) / 3 * 1e3, 'ms')
