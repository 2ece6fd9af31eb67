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
(root/'README.md').write_text(text)
if '--check' in sys.argv: pass
