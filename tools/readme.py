"Write README.md from nbs/index.ipynb (nbdev-readme needs Quarto, which these machines lack)."
import json, re, sys
from pathlib import Path
root = Path(__file__).resolve().parent.parent
nb = json.loads((root/'nbs'/'index.ipynb').read_text())
out = []
for c in nb['cells']:
    src = ''.join(c['source'])
    if c['cell_type'] == 'markdown': out.append(src)
    elif c['cell_type'] == 'code' and not re.search(r'^#\|\s*(hide|export)', src, re.M):
        out.append('```python\n' + src + '\n```')
text = '\n\n'.join(out).strip() + '\n'
text = re.sub(r'^> (.*)$', r'\1', text, count=1, flags=re.M)
text = re.sub(r'\]\((images|samples)/', r'](nbs/\1/', text)   # links relative to nbs/ in the notebook, to the root here
out = Path(sys.argv[sys.argv.index('--out') + 1]) if '--out' in sys.argv else root/'README.md'
out.write_text(text)
