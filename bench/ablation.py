"""Regularization ablation for the MIDI demo: dropout and transposition, each on its own and together.

Same model (the `small` preset), same seed, same steps and batches; only dropout and the training data change. Each
run evaluates the whole held-out split every `--eval-every` steps and reports its best point, so a run that
memorizes shows a best early and a much worse end.

    python bench/ablation.py --steps 1500 --length 256 --batch 16 --device cpu      # appends to bench/RESULTS.md
"""
import argparse, json, math, os, platform, subprocess, sys, time
from pathlib import Path
import torch
from mamba_audio.core import preset, seed_everything, n_params
from mamba_audio.data import build_token_set, dataloaders
from mamba_audio.models import build_model, matched_transformer
from mamba_audio.train import fit, TrainConfig

p = argparse.ArgumentParser()
p.add_argument('--steps', type=int, default=1500); p.add_argument('--length', type=int, default=256)
p.add_argument('--batch', type=int, default=16); p.add_argument('--eval-every', type=int, default=100)
p.add_argument('--device', default='cpu'); p.add_argument('--out', default='/tmp/ablation')
p.add_argument('--only', nargs='*', help='run only these of: base dropout transpose both')
p.add_argument('--arch', default='mamba', choices=['mamba', 'transformer'], help="'transformer': the matched TransformerLM (`matched_transformer` of the same preset)")
p.add_argument('--dropout', type=float, default=0.3, help='block dropout of the dropout and both runs')
a = p.parse_args()
runs = dict(base=(0.0, 0.0, 0), dropout=(a.dropout, 0.1, 0), transpose=(0.0, 0.0, 3), both=(a.dropout, 0.1, 3))
rows = []
for name, (do, edo, tr) in runs.items():
    if a.only and name not in a.only: continue
    sets = build_token_set('chorales', transpose=tr, progress=False)
    cfg = preset('small', vocab_size=sets.vocab_size, dropout=do, emb_dropout=edo)
    seed_everything(0); model = build_model(matched_transformer(cfg.replace(block_size=a.length)).replace(emb_dropout=edo) if a.arch == 'transformer' else cfg)
    tc = TrainConfig(steps=a.steps, lr=3e-3, warmup=100, eval_every=a.eval_every, eval_batches=None, ckpt_every=a.steps,
                     out_dir=f'{a.out}/{name}', device=a.device, progress=False, live_plot=False)
    t0 = time.time(); h = fit(model, dataloaders(sets, a.length, a.batch, seed=0), tc, force=True)
    ev = h.evals; best = min(ev, key=lambda e: e['loss'])
    rows.append(dict(run=name if a.arch == 'mamba' else f'{name} (Transformer)', dropout=f'{do}/{edo}', transpose=tr, train_tokens=len(sets.train), epochs=round(h[-1]['epochs'], 1),
                     best_bits=round(best['bits_per_token'], 3), best_step=best['step'], end_bits=round(ev[-1]['bits_per_token'], 3),
                     minutes=round((time.time() - t0) / 60, 1)))
    print(json.dumps(rows[-1]), flush=True)
commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()
md = [f"\n## Regularization ablation, MIDI chorales ({time.strftime('%Y-%m-%d')})\n",
      f"`python bench/ablation.py --steps {a.steps} --length {a.length} --batch {a.batch} --device {a.device} --arch {a.arch} --dropout {a.dropout}` at commit {commit}; "
      f"{torch.cuda.get_device_name() if a.device == 'cuda' else platform.processor() or platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}. `small` preset{' matched by a TransformerLM' if a.arch == 'transformer' else ''} "
      f"({n_params(model):,} parameters), seed 0, the whole held-out split (40 chorales) evaluated every {a.eval_every} steps.\n",
      "| run | dropout (blocks/embedding) | transpose | training tokens | epochs | best bits/token (step) | at the end | minutes |",
      "|---|---|---|---|---|---|---|---|"]
md += [f"| {r['run']} | {r['dropout']} | ±{r['transpose']} | {r['train_tokens']:,} | {r['epochs']} | {r['best_bits']} ({r['best_step']}) | {r['end_bits']} | {r['minutes']} |" for r in rows]
with open(Path(__file__).parent/'RESULTS.md', 'a') as f: f.write('\n'.join(md) + '\n')
print('\n'.join(md))
