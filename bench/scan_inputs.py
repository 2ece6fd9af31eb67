"""One layer's scan inputs for the GPU scan benches (bench/scan_variants.py, bench/pass3_ablation.py): the ~11M LM's
d_inner 1024 and n 16, bf16 in with the gate, the Δ bias and softplus, seeded."""
import torch

def layer_inputs(b, l, dev, d=1024, n=16):
    "(u, Δ, A, B, C, D, z, Δ bias, softplus) as `selective_scan` takes them: u, Δ, z (b, l, d); B, C (b, l, n); A (d, n)."
    g = torch.Generator(device=dev).manual_seed(0); r = lambda *s: torch.randn(*s, device=dev, generator=g)
    xz = r(b, l, 2 * d).bfloat16(); u, z = xz.chunk(2, -1); u = u.contiguous()
    raw = (r(b, l, d) - 2).bfloat16(); B, C = r(b, l, 2 * n).bfloat16().chunk(2, -1)
    A = -torch.arange(1, n + 1, device=dev, dtype=torch.float32).repeat(d, 1)
    return u, raw, A, B, C, torch.ones(d, device=dev), z, r(d) * 0.1 - 4, True
