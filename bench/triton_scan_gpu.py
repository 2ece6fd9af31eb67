"""GPU: the LM's training step through our Triton kernels (no mamba_ssm) with the default settings, at the three shapes,
timed as ../shared/bench/same_run.py times the peers (median of 5 after 2 warm-up steps, peak MiB over the timed steps).
Usage: PYTHONPATH=. python bench/triton_scan_gpu.py   (bench/bench_scan.py is the full benchmark: checks, sweep, profile)"""
import os, time, torch
import triton, mamba_audio.scan as sc, mamba_audio.mamba as mm
from lm_step import V, lm, train_step
assert sc._mamba_ssm_scan is None and mm.mamba_inner_fn is None, "run without mamba_ssm"
S = sc.SelectiveScanTriton
import scan_settings; scan_settings.apply(S)           # $SCAN_SET: a variant's class settings
import old_paths; OLD = old_paths.apply()             # $OLD_PATHS: earlier kernels put back, for an A/B
if os.environ.get('CONV_SET'): mm.CausalConvSiLU.T, mm.CausalConvSiLU.BD, mm.CausalConvSiLU.warps = map(int, os.environ['CONV_SET'].split(','))
print(torch.cuda.get_device_name(), 'torch', torch.__version__, 'triton', triton.__version__,
      f'T={S.T} BD={S.BD} warps={S.warps} partial_BC={S.partial_BC} recompute={mm.Mamba.recompute} flip_rev={S.flip_rev} reduce_scatter={S.reduce_scatter} bwd_maxnreg={S.bwd_maxnreg} old_paths={sorted(OLD) or None} conv=(T, BD, warps) {(mm.CausalConvSiLU.T, mm.CausalConvSiLU.BD, mm.CausalConvSiLU.warps)}', flush=True)
m, opt = lm()
for B, L in ((8, 2048), (1, 16384), (1, 65536)):
    step = train_step(m, opt, torch.randint(0, V, (B, L + 1), device='cuda'))
    for _ in range(2): step()
    torch.cuda.synchronize(); torch.cuda.empty_cache(); torch.cuda.reset_peak_memory_stats(); ts = []
    for _ in range(5):
        t = time.perf_counter(); step(); torch.cuda.synchronize(); ts.append(time.perf_counter() - t)
    t = sorted(ts)[2]; hs = []
    for _ in range(3):   # the host's time to enqueue a step (no synchronisation inside a step, so the CPU runs ahead)
        torch.cuda.synchronize(); h = time.perf_counter(); step(); hs.append(time.perf_counter() - h)
    torch.cuda.synchronize()
    print(f'train B={B} L={L}: {B * L / t / 1e3:.0f}k tok/s ({t * 1e3:.1f} ms; all {", ".join(f"{v * 1e3:.1f}" for v in ts)}), '
          f'peak {torch.cuda.max_memory_allocated() / 2**20:.0f} MiB, host {sorted(hs)[1] * 1e3:.1f} ms a step', flush=True)
    if os.environ.get('PROFILE'):   # one step's kernels, by CUDA time
        from torch.profiler import profile, ProfilerActivity
        with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof: step(); torch.cuda.synchronize()
        print(prof.key_averages().table(sort_by='self_cuda_time_total', row_limit=int(os.environ['PROFILE']), max_name_column_width=60), flush=True)
