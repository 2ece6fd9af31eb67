"""GPU, under compute-sanitizer (memcheck), with PYTORCH_NO_CUDA_MEMORY_CACHING=1 so that every tensor is its own
allocation and a read past one is seen: the LM's training step (the Triton scan forward and backward, the causal conv
forward and backward) at odd lengths, the scan with saved and recomputed states, and eager decoding (batch 1: the fused step kernels; batch 16).
Usage: PYTORCH_NO_CUDA_MEMORY_CACHING=1 compute-sanitizer --tool memcheck python bench/sanitize_gpu.py"""
import torch, torch.nn.functional as F
import mamba_audio.scan as sc, mamba_audio.mamba as mm
from mamba_audio.core import ModelConfig
from mamba_audio.models import MambaLM
from mamba_audio.generate import generate
V = 1024; torch.manual_seed(0)
m = MambaLM(ModelConfig(vocab_size=V, d_model=512, n_layer=2, d_state=16, expand=2)).cuda()
for B, L in ((1, 1), (2, 17), (3, 300), (1, 1100)):
    x = torch.randint(0, V, (B, L + 1), device='cuda')
    with torch.autocast('cuda', dtype=torch.bfloat16):
        loss = F.cross_entropy(m(x[:, :-1]).float().reshape(-1, V), x[:, 1:].reshape(-1))
    loss.backward(); m.zero_grad(set_to_none=True); torch.cuda.synchronize()
    print(f'train step B={B} L={L}: loss {loss.item():.4f}', flush=True)
for l in (1, 33, 1000):                                            # the scan alone, saved states (autograd) and recomputed
    u, delta, A, B_, C, D = sc.random_scan_inputs(b=2, l=l, d=96, n=16, device='cuda', seed=l)
    z, bias = torch.randn_like(u), torch.randn(96, device='cuda')
    ins = [t.requires_grad_() for t in (u, delta, A, B_, C, D, z, bias)]
    sc.selective_scan_triton(*ins, delta_softplus=True).sum().backward()
    gs = sc._tri_bwd(u, delta, A, B_, C, D, z, bias, True, None, torch.ones_like(u))
    torch.cuda.synchronize(); print(f'scan l={l}: ok, |gu| {gs[0].abs().sum().item():.3e}', flush=True)
m.eval()
for b, graph in ((1, False), (16, False)):          # (graph capture is refused under PYTORCH_NO_CUDA_MEMORY_CACHING)
    out = generate(m, n_tokens=8, batch_size=b, seed=0, cuda_graph=graph); torch.cuda.synchronize()
    print(f'generate b={b} cuda_graph={graph}: {tuple(out.shape)}', flush=True)
print('sanitize: done')
