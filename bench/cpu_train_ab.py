"""CPU training step (the bench_cpu.py LM, batch 4 x 1024, 2 threads): median of 5 steps after 2, printing which checkout ran it.
Alternate two trees to compare them: PYTHONPATH=<old worktree> python bench/cpu_train_ab.py, then python bench/cpu_train_ab.py."""
import sys, time, torch, torch.nn.functional as F
from mamba_audio.core import ModelConfig
from mamba_audio.models import MambaLM
import mamba_audio
torch.manual_seed(0); torch.set_num_threads(2)
m = MambaLM(ModelConfig(vocab_size=512, d_model=128, n_layer=4, d_state=16, expand=2))
opt = torch.optim.AdamW(m.parameters(), 1e-3); x = torch.randint(0, 512, (4, 1025))
def one():
    loss = F.cross_entropy(m(x[:, :-1]).flatten(0, 1), x[:, 1:].flatten()); loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
    return loss.item()
for _ in range(2): one()
ts = []
for _ in range(5): t = time.perf_counter(); one(); ts.append(time.perf_counter() - t)
print(mamba_audio.__file__.split('/')[2], f'median {sorted(ts)[2]:.3f} s a step, {4 * 1024 / sorted(ts)[2]:,.0f} tok/s')
