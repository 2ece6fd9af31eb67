"""The peers' ~11M LM (`../shared/bench/README.md`: vocab 1024, d_model 512, 6 layers, d_state 16, expand 2) on CUDA with
fused AdamW, and its training step in bf16 autocast, as bench/triton_scan_gpu.py and bench/host_profile.py time it."""
import torch, torch.nn.functional as F
from mamba_audio.core import ModelConfig
from mamba_audio.models import MambaLM
V = 1024

def lm(seed=0):
    "The seeded model and its optimizer."
    torch.manual_seed(seed)
    m = MambaLM(ModelConfig(vocab_size=V, d_model=512, n_layer=6, d_state=16, expand=2)).cuda()
    return m, torch.optim.AdamW(m.parameters(), lr=1e-4, fused=True)

def train_step(m, opt, x):
    "One step on tokens x (B, L + 1): next-token loss, backward, AdamW, grads to None; nothing synchronises."
    def step():
        with torch.autocast('cuda', dtype=torch.bfloat16):
            loss = F.cross_entropy(m(x[:, :-1]).float().reshape(-1, V), x[:, 1:].reshape(-1))
        loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
    return step
