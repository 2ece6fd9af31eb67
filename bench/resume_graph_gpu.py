"""GPU, issue 10 (not yet checked anywhere): does a run whose steps `fit` replays from one CUDA graph, with dropout on,
resume from its checkpoint to the same losses as a run that was never interrupted? `fit` draws dropout's masks inside
the graph (philox offsets that each replay advances) and checkpoints the CUDA generator's state; the resumed run
captures a new graph after 2 eager warm-up steps. The same comparison for eager steps (`cuda_graph=False`) is the reference.
The data are 10 one-second wavs of three random sines each (seeded), mu-law 4 bits, as in 09's tests; the model is the tiny
MambaLM with dropout and emb_dropout 0.1. The interrupted run fails at step 15's batch (an exception from its data),
so it resumes from the checkpoint of step 10.
Usage: PYTHONPATH=. python bench/resume_graph_gpu.py   (prints each run's largest loss and grad-norm difference, and the verdict)"""
import tempfile, warnings
from pathlib import Path
import numpy as np, soundfile as sf, torch
from mamba_audio.core import preset, seed_everything
from mamba_audio.audio import MuLaw
from mamba_audio.data import build_token_set, dataloaders
from mamba_audio.models import MambaLM
from mamba_audio.train import TrainConfig, fit

def make_chords(folder, n=10, sr=8000, seed=0):
    "`n` one-second wav files of three random sines each."
    folder.mkdir(parents=True, exist_ok=True); r, t = np.random.default_rng(seed), np.arange(sr) / sr
    for i in range(n): sf.write(folder/f'chord{i}.wav', sum(np.sin(2 * np.pi * f * t) for f in r.uniform(100, 400, 3)) / 3, sr)
    return folder

class FailAt:
    "`dls` whose train loader raises at the batch of step `k` (as a crash would, so the run keeps its last checkpoint)."
    def __init__(self, dls, k): self.dls, self.k = dls, k
    def __getattr__(self, name): return getattr(self.dls, name)
    def train_loader(self, start_step=0, **kw):
        for s, b in enumerate(self.dls.train_loader(start_step, **kw), start_step + 1):
            if s == self.k: raise RuntimeError(f'a crash at step {s}')
            yield b

def make_model(seed=0):
    "The tiny MambaLM with dropout, initialized from `seed`."
    seed_everything(seed); return MambaLM(preset('tiny', vocab_size=16, dropout=0.1, emb_dropout=0.1))

tmp = Path(tempfile.mkdtemp())
sets = build_token_set(make_chords(tmp/'chords'), MuLaw(bits=4, sample_rate=8000), tmp/'tokens', clip_seconds=0.5, valid_pct=0.2, progress=False)
dls = dataloaders(sets, length=64, batch_size=8)
dev = 'cuda' if torch.cuda.is_available() else 'cpu'          # on a CPU only the eager half runs (a dry run of the script)
print(torch.cuda.get_device_name() if dev == 'cuda' else 'CPU', 'torch', torch.__version__, flush=True)
ok = True
for graph in ((False, True) if dev == 'cuda' else (False,)):
    cfg = lambda d: TrainConfig(steps=30, warmup=5, lr=3e-3, eval_every=10, eval_batches=2, ckpt_every=10, out_dir=tmp/d,
                                progress=False, live_plot=False, device=dev, cuda_graph=graph)
    name = 'graph' if graph else 'eager'
    with warnings.catch_warnings():
        warnings.simplefilter('error')                               # a graph that fails to capture is an error here
        full = fit(make_model(), dls, cfg(f'{name}-full'))
        try: fit(make_model(), FailAt(dls, 15), cfg(f'{name}-cut')); raise SystemExit('the crash did not happen')
        except RuntimeError as e: assert 'a crash at step 15' in str(e), e
        resumed = fit(make_model(), dls, cfg(f'{name}-cut'), resume=True)
    steps = [r['step'] for r in resumed]; assert steps == list(range(1, 31)), steps
    dl = max(abs(a - b) for a, b in zip(resumed.losses(), full.losses()))
    dg = max(abs(a['grad_norm'] - b['grad_norm']) for a, b in zip(resumed, full))
    dv = max(abs(a['loss'] - b['loss']) for a, b in zip(resumed.evals, full.evals))
    same = resumed.losses() == full.losses() and dv == 0
    ok &= same
    print(f'{name}: largest difference, resumed against uninterrupted: train loss {dl:.3g}, grad norm {dg:.3g}, valid loss {dv:.3g}; '
          f'{"bit-equal" if same else "NOT bit-equal"} (losses at steps 11, 30: {resumed.losses()[10]:.6f} / {full.losses()[10]:.6f}, '
          f'{resumed.losses()[-1]:.6f} / {full.losses()[-1]:.6f})', flush=True)
print('resume_graph: all bit-equal' if ok else 'resume_graph: a difference (see above)', flush=True)
