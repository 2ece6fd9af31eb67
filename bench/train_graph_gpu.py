"""GPU: the LM's training step (no mamba_ssm) eager and captured whole in one CUDA graph (forward, backward and fused
AdamW with capturable=True), at the three shapes, to split the step's time into the GPU's and the host's. The same
seeded model and batch go through 3 eager steps and 3 graph replays first, and their losses are compared.
Timed as bench/triton_scan_gpu.py: median of 5 steps after warm-up, peak MiB over the timed steps.
Usage: PYTHONPATH=. python bench/train_graph_gpu.py"""
import copy, time, torch, torch.nn.functional as F
import mamba_audio.scan as sc, mamba_audio.mamba as mm
from mamba_audio.core import ModelConfig
from mamba_audio.models import MambaLM
assert sc._mamba_ssm_scan is None and mm.mamba_inner_fn is None, "run without mamba_ssm"
V = 1024; torch.manual_seed(0)
m0 = MambaLM(ModelConfig(vocab_size=V, d_model=512, n_layer=6, d_state=16, expand=2)).cuda()
print(torch.cuda.get_device_name(), 'torch', torch.__version__, f'conv (T, BD, warps) {(mm.CausalConvSiLU.T, mm.CausalConvSiLU.BD, mm.CausalConvSiLU.warps)}', flush=True)

def make(graph, x):
    m = copy.deepcopy(m0); opt = torch.optim.AdamW(m.parameters(), lr=1e-3, fused=True, capturable=graph)
    def body():
        with torch.autocast('cuda', dtype=torch.bfloat16, cache_enabled=not graph):
            loss = F.cross_entropy(m(x[:, :-1]).float().reshape(-1, V), x[:, 1:].reshape(-1))
        loss.backward(); opt.step(); return loss.detach()
    if not graph:
        def step(): l = body(); opt.zero_grad(set_to_none=True); return l
        return step
    s = torch.cuda.Stream(); s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):          # warm-up outside the graph, which builds AdamW's state; undone below, in place
        for _ in range(2): body(); opt.zero_grad(set_to_none=True)
    torch.cuda.current_stream().wait_stream(s); torch.cuda.synchronize()
    m.load_state_dict(m0.state_dict())  # copies into the same parameter tensors, which the graph will read
    for st in opt.state.values():
        for v in st.values(): v.zero_()  # exp_avg, exp_avg_sq and the step count (a tensor when capturable)
    g = torch.cuda.CUDAGraph(); opt.zero_grad(set_to_none=True)
    with torch.cuda.graph(g): out = body()
    def step(): g.replay(); return out
    return step

for B, L in ((8, 2048), (1, 16384), (1, 65536)):
    torch.manual_seed(1); x = torch.randint(0, V, (B, L + 1), device='cuda')
    res = {}
    for graph in (False, True):
        try: step = make(graph, x)
        except Exception as e: print(f'graph capture failed at B={B} L={L}: {type(e).__name__}: {str(e)[:300]}', flush=True); break
        losses = [step().item() for _ in range(3)]
        for _ in range(2): step()
        torch.cuda.synchronize(); ts = []
        if not graph: torch.cuda.empty_cache()   # not under a live graph: it frees cuBLAS's workspaces, whose addresses the graph holds
        torch.cuda.reset_peak_memory_stats()
        for _ in range(5):
            t = time.perf_counter(); step(); torch.cuda.synchronize(); ts.append(time.perf_counter() - t)
        t = sorted(ts)[2]; res[graph] = losses
        print(f'{"graph" if graph else "eager"} B={B} L={L}: {B * L / t / 1e3:.0f}k tok/s ({t * 1e3:.1f} ms; all '
              f'{", ".join(f"{v * 1e3:.1f}" for v in ts)}), peak {torch.cuda.max_memory_allocated() / 2**20:.0f} MiB; '
              f'losses of the first 3 steps {", ".join(f"{v:.5f}" for v in losses)}', flush=True)
        del step
    torch.cuda.empty_cache()
    if True in res: print(f'  graph against eager, first 3 losses: max |diff| {max(abs(a - b) for a, b in zip(res[False], res[True])):.2e}', flush=True)
