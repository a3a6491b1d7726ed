#!/usr/bin/env bash
# Checks the Chinese catalogue against po/GLOSSARY: every message of the
# files in POTFILES.in translated, and wherever a checked English term of the
# glossary occurs in a msgid (outside code), the glossary's Chinese for it in
# the msgstr; no msgstr using a word the glossary avoids (抓取, 睡眠, 事件循环
# outside the search keywords...) or a lone "…".  So a translation that drifts
# from the terms the notes teach fails here, not in front of a class.
#
# Usage: check-glossary.sh SOURCE_ROOT
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

root=$1
podir=$root/po
lang=zh_CN
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# The messages as the build sees them: the C files and templates with the
# same keywords as check-translations.sh, and the data files (desktop entry,
# AppStream, GSettings) through xgettext's ITS rules, as meson's i18n does.
grep -v '^#' "$podir/POTFILES.in" | grep -E '\.c$' > "$scratch/c-files" || true
grep -v '^#' "$podir/POTFILES.in" | grep -E '\.ui$' > "$scratch/ui-files" || true
grep -v '^#' "$podir/POTFILES.in" | grep -vE '\.(c|ui)$' | grep . > "$scratch/data-files" || true
(cd "$root" &&
  xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
    --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=ngettext:1,2 \
    --keyword=g_dngettext:2,3 --files-from="$scratch/c-files" \
    --output="$scratch/c.pot" &&
  xgettext --from-code=UTF-8 --language=Glade \
    --files-from="$scratch/ui-files" --output="$scratch/ui.pot" 2> >(grep -v "fallback ITS rule" >&2))
if [[ -s "$scratch/data-files" ]]; then
  if ! (cd "$root" && xgettext --from-code=UTF-8 --files-from="$scratch/data-files" \
        --output="$scratch/data.pot" 2> "$scratch/data.err"); then
    echo "warning: the data files could not be extracted; checking the C files and templates only:" >&2
    sed 's/^/  /' "$scratch/data.err" >&2
    rm -f "$scratch/data.pot"
  fi
fi
msgcat --use-first "$scratch"/*.pot -o "$scratch/all.pot"
msgmerge --quiet --no-fuzzy-matching "$podir/$lang.po" "$scratch/all.pot" -o "$scratch/$lang.po"

/usr/bin/python3 - "$root" "$podir/GLOSSARY" "$scratch/$lang.po" "$scratch/data-files" <<'EOF'
import re
import sys

root, glossary_path, po_path, data_list = sys.argv[1:5]


def unquote(s):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), s[1:-1])


def read_po(path):
    """The live entries of a PO file: dicts of msgctxt, msgid, msgid_plural,
    msgstr (a list), and fuzzy."""
    entries, cur, key = [], None, None

    def flush():
        if cur is not None and 'msgid' in cur:
            entries.append(cur)

    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if line.startswith('#~') or not line.strip():
            if not line.strip():
                flush()
                cur, key = None, None
            continue
        if cur is None:
            cur = {'msgstr': [], 'fuzzy': False}
        if line.startswith('#,'):
            cur['fuzzy'] = cur['fuzzy'] or 'fuzzy' in line
            continue
        if line.startswith('#'):
            continue
        m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line)
        if m:
            key = m.group(1)
            if key.startswith('msgstr'):
                cur['msgstr'].append(unquote(m.group(2)))
            else:
                cur[key] = unquote(m.group(2))
        elif line.startswith('"') and key:
            if key.startswith('msgstr'):
                cur['msgstr'][-1] += unquote(line)
            else:
                cur[key] += unquote(line)
    flush()
    return [e for e in entries if e['msgid'] != '']


def read_glossary(path):
    terms = []
    for n, line in enumerate(open(path, encoding='utf-8'), 1):
        line = line.rstrip('\n')
        if not line.strip() or line.startswith('#'):
            continue
        fields = line.split('\t')
        if len(fields) < 3:
            sys.exit(f'{path}:{n}: want ENGLISH<TAB>CHINESE<TAB>FLAGS[<TAB>NOTE]')
        flags = fields[2].split()
        terms.append({
            'line': n,
            'english': fields[0].split('|'),
            'chinese': fields[1].split('|'),
            'mode': flags[0],
            'avoid': [f[len('avoid:'):] for f in flags[1:] if f.startswith('avoid:')],
        })
        if flags[0] not in ('check', 'free', 'heading'):
            sys.exit(f'{path}:{n}: the flags begin with check, free or heading, not {flags[0]}')
    return terms


def search_keywords():
    """The msgids that are search keywords: the Keywords of the desktop
    entries and the <keyword>s of the AppStream files."""
    words = set()
    for name in open(data_list, encoding='utf-8').read().split():
        try:
            text = open(f'{root}/{name}', encoding='utf-8').read()
        except OSError:
            continue
        words.update(re.findall(r'^Keywords=(.*)$', text, re.M))
        words.update(re.findall(r'<keyword>([^<]*)</keyword>', text))
    return words


def prose(text, mnemonic):
    """TEXT without what is code, where an English term is not a term."""
    if mnemonic:
        text = re.sub(r'(?<![\w%])_(?=\w)|(?<=[A-Za-z])_(?=[A-Za-z])', '', text, count=1)
    text = re.sub(r'<tt>.*?</tt>', ' ', text, flags=re.S)
    text = re.sub(r'<[^>]*>', ' ', text)
    text = re.sub(r'`[^`]*`', ' ', text)
    text = re.sub(r'[A-Za-z_][\w.]*\([^()]*\)', ' ', text)   # send(), c.send(None)
    text = re.sub(r'(?<![\w-])--[A-Za-z][\w-]*', ' ', text)  # --fan-in
    text = re.sub(r'@?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+', ' ', text)  # time.sleep
    text = re.sub(r'\b\w+_\w+\b', ' ', text)                 # g_usleep, LL_CO_SLEEP
    return text


def pattern(form):
    body = r'\s+'.join(re.escape(w) for w in form.split())
    return re.compile(r'(?<![A-Za-z])' + body + r'(?:s|es)?(?![A-Za-z])', re.I)


terms = read_glossary(glossary_path)
for t in terms:
    t['patterns'] = [pattern(f) for f in t['english']]
keywords = search_keywords()
problems = []

for e in read_po(po_path):
    msgid = e['msgid'] + '\n' + e.get('msgid_plural', '')
    label = e['msgid'] if len(e['msgid']) <= 100 else e['msgid'][:97] + '...'
    if e.get('msgctxt'):
        label = f'[{e["msgctxt"]}] {label}'
    if e['fuzzy'] or not all(e['msgstr']):
        problems.append((label, ['not translated' if not e['fuzzy'] else 'fuzzy']))
        continue
    if e['msgid'] in keywords:
        continue
    why = []
    mnemonic = any(re.search(r'_\w', s) for s in e['msgstr'])  # a label: S_tart, 开始(_T)
    src = prose(msgid, mnemonic)
    for k, msgstr in enumerate(e['msgstr']):
        dst = prose(msgstr, False)
        for t in terms:
            if t['mode'] == 'heading':
                if f'<b>{t["english"][0]}</b>' in msgid and f'<b>{t["chinese"][0]}</b>' not in msgstr:
                    why.append(f'the heading “{t["english"][0]}” is <b>{t["chinese"][0]}</b>')
            elif t['mode'] == 'check':
                found = sum(len(p.findall(src)) for p in t['patterns'])
                kept = sum(len(p.findall(dst)) for p in t['patterns'])
                if found > kept and not any(c in msgstr for c in t['chinese']):
                    why.append(f'“{t["english"][0]}” is {"|".join(t["chinese"])}')
            for word in t['avoid']:
                if word in msgstr:
                    why.append(f'{word} is not used: “{t["english"][0]}” is {t["chinese"][0]}')
        if re.search(r'(?<!…)…(?!…)', msgstr):
            why.append('the ellipsis is ……, not …')
    if why:
        problems.append((label, sorted(set(why))))

for label, why in problems:
    print(f'{po_path.rsplit("/", 1)[-1]}: {label!r}')
    for w in why:
        print(f'  {w}')
print(f'{len(problems)} entries at odds with po/GLOSSARY' if problems
      else 'zh_CN: consistent with po/GLOSSARY')
sys.exit(1 if problems else 0)
EOF
