"The committed library is what the notebooks export, and README.md is what nbs/index.ipynb says."
import filecmp, shutil, subprocess, sys
from pathlib import Path
root = Path(__file__).resolve().parent.parent

def test_library_matches_notebooks(tmp_path):
    for p in ('nbs', 'mamba_audio', 'pyproject.toml'):
        src = root/p
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path/p)
    exe = Path(sys.executable).parent/'nbdev-export'                  # the one beside this Python (a venv not on PATH)
    subprocess.run([str(exe) if exe.exists() else 'nbdev-export'], cwd=tmp_path, check=True, capture_output=True)
    for f in sorted((root/'mamba_audio').glob('*.py')):
        assert filecmp.cmp(f, tmp_path/'mamba_audio'/f.name, shallow=False), f"{f.name} differs from what nbdev-export makes: run nbdev-export"
    made = {f.name for f in (tmp_path/'mamba_audio').glob('*.py')}
    assert made == {f.name for f in (root/'mamba_audio').glob('*.py')}

def test_readme_matches_index(tmp_path):
    before = (root/'README.md').read_text()
    subprocess.run([sys.executable, str(root/'tools'/'readme.py'), '--out', str(tmp_path/'README.md')], check=True)
    assert (tmp_path/'README.md').read_text() == before, "README.md is stale: run python tools/readme.py"

def test_readme_opens_with_two_commands():
    text = (root/'README.md').read_text()
    block = text.split('```sh', 1)[1].split('```', 1)[0]
    cmds = [l.split('#')[0].strip() for l in block.strip().splitlines() if l.strip()]
    assert cmds == ['bash tools/run.sh demo', 'bash tools/run.sh test']
    assert 'bash tools/run.sh test' in (root/'.ci'/'run').read_text()
