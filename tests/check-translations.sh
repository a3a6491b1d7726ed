#!/usr/bin/env bash
# Checks that every catalogue in po/ is complete: each message translated,
# none fuzzy, and valid for msgfmt --check.  Prints TAP-free plain output;
# exits non-zero on the first incomplete catalogue.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

podir=$1
status=0
for lang in $(grep -v '^#' "$podir/LINGUAS"); do
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$podir/$lang.po" 2>&1)
  echo "$lang: $stats"
  if [[ "$stats" == *untranslated* || "$stats" == *fuzzy* ]]; then
    status=1
  fi
done
exit $status
