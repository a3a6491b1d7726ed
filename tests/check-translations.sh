#!/usr/bin/env bash
# Checks that every catalogue in po/ is complete: every message of the C
# sources and UI templates listed in POTFILES.in translated, none fuzzy,
# and the catalogue valid for msgfmt --check.  A string added to the code
# without its translation fails here, not in front of a user.
#
# Usage: check-translations.sh SOURCE_ROOT
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

root=$1
podir=$root/po
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# The same keywords as meson's glib preset, for the C files and templates.
grep -v '^#' "$podir/POTFILES.in" | grep -E '\.c$' > "$scratch/c-files" || true
grep -v '^#' "$podir/POTFILES.in" | grep -E '\.ui$' > "$scratch/ui-files" || true
(cd "$root" &&
  xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
    --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=ngettext:1,2 \
    --keyword=g_dngettext:2,3 --files-from="$scratch/c-files" \
    --output="$scratch/c.pot" &&
  xgettext --from-code=UTF-8 --language=Glade \
    --files-from="$scratch/ui-files" --output="$scratch/ui.pot" 2> >(grep -v "fallback ITS rule" >&2))
msgcat --use-first "$scratch"/*.pot -o "$scratch/all.pot"

status=0
for lang in $(grep -v '^#' "$podir/LINGUAS"); do
  msgmerge --quiet --no-fuzzy-matching "$podir/$lang.po" "$scratch/all.pot" -o "$scratch/$lang.po"
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$scratch/$lang.po" 2>&1)
  echo "$lang: $stats"
  if [[ "$stats" == *untranslated* || "$stats" == *fuzzy* ]]; then
    LC_ALL=C msgattrib --untranslated --no-obsolete "$scratch/$lang.po" | grep '^msgid' | tail -n +2 | sed 's/^/  missing: /'
    status=1
  fi
done
exit $status
