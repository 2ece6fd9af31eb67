"""CPU decoding, the one-call step (`MambaLM.cpu_stepper`) against `model.step` a layer at a time (FUSED_CPU_STEP off),
alternating in one process, 3 rounds: tokens/s of `generate(m, None, 1024)` at batch 1 on the bench_cpu.py LM (vocab
512, d_model 128, 4 layers); then whether both draw the same seeded tokens. Usage: python bench/cpu_decode_ab.py"""
import torch, time
import mamba_audio.generate as G
from mamba_audio.core import ModelConfig
from mamba_audio.models import MambaLM
from mamba_audio.generate import generate
torch.manual_seed(0)
m = MambaLM(ModelConfig(vocab_size=512, d_model=128, n_layer=4, d_state=16, expand=2)).eval()
R = {True: [], False: []}
for rnd in range(3):
    for on in (False, True):
        G.FUSED_CPU_STEP = on; generate(m, None, 32)
        t = time.perf_counter(); a = generate(m, None, 1024, seed=0); R[on].append(1024 / (time.perf_counter() - t))
print({k: [round(v) for v in vs] for k, vs in R.items()})
G.FUSED_CPU_STEP = False; a = generate(m, None, 256, seed=5); G.FUSED_CPU_STEP = True; b = generate(m, None, 256, seed=5)
print('same tokens:', torch.equal(a, b))
