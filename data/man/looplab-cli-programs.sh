#!/usr/bin/env bash
# Loop Lab: the PROGRAMS section of looplab-cli's man page, as a help2man
# include: every program's help, as `looplab-cli help NAME` prints it, so
# that the man page says what --help says.
#
# Usage: looplab-cli-programs.sh LOOPLAB-CLI > programs.h2m
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

cli=$1
# The man page is in English, whatever the builder's language.
export LC_ALL=C.UTF-8
unset LANGUAGE

# Verbatim roff: a backslash is \e, a minus \- (a plain - may print as
# a hyphen, which a shell does not take), and no line starts with a
# control character.
roff_verbatim ()
{
  sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
}

printf '[PROGRAMS]\n'
printf 'Each program runs as %s, with the options its help lists; %s prints the same help.\n' \
  '\fBlooplab\-cli run\fR \fINAME\fR [\fIOPTION\fR...]' '\fBlooplab\-cli help\fR \fINAME\fR'
"$cli" list | while read -r id _; do
  printf '.SS %s\n.nf\n' "$id"
  "$cli" help "$id" | roff_verbatim
  printf '.fi\n'
done
