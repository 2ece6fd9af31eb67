"""GPU generation speed, ours against mamba_ssm in the same run: the ~11M LM of bench_gpu.py (vocab 1024, d_model 512,
6 layers), 1024 new tokens after a 16-token prompt, multinomial sampling. Usage: python bench/gen_gpu.py"""
import time, torch
from mamba_audio.core import ModelConfig
from mamba_audio.models import MambaLM
from mamba_audio.generate import generate
import mamba_audio.mamba as mm
V, D, NL = 1024, 512, 6
def rate(f, bs, n=1024):
    f(bs, 32); torch.cuda.synchronize(); t = time.perf_counter(); f(bs, n); torch.cuda.synchronize()
    return bs * n / (time.perf_counter() - t)
torch.manual_seed(0)
ours = MambaLM(ModelConfig(vocab_size=V, d_model=D, n_layer=NL, d_state=16, expand=2)).cuda().eval()
p = lambda bs: torch.zeros(bs, 16, dtype=torch.long, device='cuda')
print('decode kernels from mamba_ssm:', mm.selective_state_update is not None and mm.causal_conv1d_update is not None)
for bs in (1, 16):
    print(f'mamba_audio generate (CUDA graph) batch {bs}: {rate(lambda b, n: generate(ours, p(b), n), bs):,.0f} tok/s', flush=True)
saved = mm.selective_state_update; mm.selective_state_update = None
for bs in (1, 16):
    print(f'mamba_audio generate (CUDA graph, our step_ref) batch {bs}: {rate(lambda b, n: generate(ours, p(b), n), bs):,.0f} tok/s', flush=True)
mm.selective_state_update = saved
from mamba_ssm.models.mixer_seq_simple import MambaLMHeadModel
from mamba_ssm.models.config_mamba import MambaConfig as OC
o = MambaLMHeadModel(OC(d_model=D, n_layer=NL, vocab_size=V, rms_norm=True, residual_in_fp32=True, fused_add_norm=True, pad_vocab_size_multiple=8), device='cuda').eval()
for bs in (1, 16):
    print(f'mamba_ssm generate cg=True batch {bs}: {rate(lambda b, n: o.generate(p(b), max_length=16 + n, cg=True, temperature=1.0, top_k=0), bs):,.0f} tok/s', flush=True)
print(torch.cuda.get_device_name(), torch.__version__)
