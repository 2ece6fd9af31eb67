"End-to-end: the installed `mamba-audio` command, run as a user would, in a fresh process."
import json, os, shutil, subprocess, sys
from pathlib import Path
import pytest

def run(*args, cwd=None, timeout=600, env=None):
    exe = shutil.which('mamba-audio')
    cmd = [exe, *args] if exe else [sys.executable, '-m', 'mamba_audio.cli', *args]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)

def test_help_is_instant():
    p = run('--help')
    assert p.returncode == 0 and 'demo' in p.stdout

def test_quick_demo_writes_files(tmp_path):
    p = run('demo', '--quick', '--out', str(tmp_path/'demo'), '--device', 'cpu')
    assert p.returncode == 0, p.stderr[-2000:]
    out = tmp_path/'demo'
    for f in ('continuation_0.mid', 'continuation_0.wav', 'continuation_0.png', 'loss.png', 'summary.json'):
        assert (out/f).stat().st_size > 0, f
    s = json.loads((out/'summary.json').read_text())
    assert s['mode'] == 'midi' and s['valid_bits_per_token'] > 0
    assert str(out.resolve()) in p.stdout          # it says where the files are

def test_bad_input_gives_a_clear_error(tmp_path):
    p = run('data', '--source', str(tmp_path/'missing'))
    assert p.returncode == 2 and 'no such folder' in p.stderr and 'Traceback' not in p.stderr

def _metrics(d):
    import csv
    with open(d/'metrics.csv') as f: return [r['loss'] for r in csv.DictReader(f)]

def test_train_is_reproducible_and_keeps_earlier_runs(tmp_path):
    p = run('data', '--source', 'chorales')
    assert p.returncode == 0, p.stderr[-2000:]
    data = p.stdout.split('token set: ', 1)[1].split('\n', 1)[0].strip()
    args = ['train', '--data', data, '--preset', 'tiny', '--steps', '6', '--length', '32', '--batch-size', '2',
            '--eval-every', '3', '--eval-batches', '1', '--device', 'cpu', '--no-progress', '--seed', '3']
    a, b = (run(*args, '--out', str(tmp_path/n)) for n in ('a', 'b'))
    assert a.returncode == 0 and b.returncode == 0, a.stderr[-2000:] + b.stderr[-2000:]
    assert _metrics(tmp_path/'a') == _metrics(tmp_path/'b')          # the same command, the same losses, bit for bit
    assert 'mamba-audio generate --run' in a.stdout and str(tmp_path/'a'/'model') in a.stdout
    before = (tmp_path/'a'/'metrics.csv').read_text()
    again = run(*args, '--out', str(tmp_path/'a'))
    assert again.returncode == 2 and '--force' in again.stderr and 'Traceback' not in again.stderr
    assert (tmp_path/'a'/'metrics.csv').read_text() == before        # the first run is kept

def test_one_training_command():
    a = run('train', '--help').stdout
    m = subprocess.run([sys.executable, '-m', 'mamba_audio.train', '--help'], capture_output=True, text=True).stdout
    flags = lambda h: sorted(set(w for w in h.replace(',', ' ').split() if w.startswith('--')))
    assert flags(a) == flags(m) and '--patience' in a and '(default: 1000)' in ' '.join(a.split())

def test_quick_demo_without_a_soundfont(tmp_path):
    import soundfile as sf, numpy as np
    env = {**os.environ, 'MAMBA_AUDIO_SOUNDFONT': 'builtin'}          # as on a machine with none
    p = run('demo', '--quick', '--out', str(tmp_path/'d'), '--device', 'cpu', env=env)
    assert p.returncode == 0, p.stderr[-2000:]
    w, sr = sf.read(tmp_path/'d'/'continuation_0.wav')
    assert sr == 16000 and np.abs(w).max() > 0.5 and (tmp_path/'d'/'continuation_0.png').stat().st_size > 0
