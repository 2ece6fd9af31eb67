"End-to-end: the installed `mamba-audio` command, run as a user would, in a fresh process."
import json, os, shutil, subprocess, sys
from pathlib import Path
import pytest

def run(*args, cwd=None, timeout=600):
    exe = shutil.which('mamba-audio')
    cmd = [exe, *args] if exe else [sys.executable, '-m', 'mamba_audio.cli', *args]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)

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
