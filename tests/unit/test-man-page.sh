#!/usr/bin/env bash
# Loop Lab: the man page help2man made of looplab-cli --help: its
# synopsis, every program of `looplab-cli list` with its options, and
# no hidden option.  TAP output.
#
# Usage: test-man-page.sh LOOPLAB-CLI.1 LOOPLAB-CLI
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

page=$1
cli=$2
n=0
failed=0

if ! command -v man > /dev/null || ! command -v col > /dev/null; then
  echo "1..0 # SKIP man or col is not installed"
  exit 0
fi

# The page as man shows it, without its roff.
text=$(MANWIDTH=200 LC_ALL=C.UTF-8 man -l "$page" 2> /dev/null | col -b)
programs=${text#*$'\n'PROGRAMS$'\n'}

# result STATUS DESCRIPTION: one TAP line for the test just made.
result ()
{
  n=$(( n + 1 ))
  if (( $1 == 0 )); then
    echo "ok $n - $2"
  else
    echo "not ok $n - $2"
    failed=$(( failed + 1 ))
  fi
}

[[ $text == *$'\nSYNOPSIS\n       looplab-cli COMMAND'* ]]
result $? "the synopsis"
[[ $programs != "$text" ]]
result $? "a PROGRAMS section"
for id in $("$cli" list | cut -d ' ' -f 1); do
  [[ $programs == *"looplab-cli run $id [OPTION"* ]]
  result $? "$id's help under PROGRAMS"
done
[[ $programs == *"--parcels=N"* && $programs == *"--speed=UNITS"* ]]
result $? "the courier's options"
[[ $text != *--virtual-clock* && $text != *--ring-host* ]]
result $? "no hidden option"

echo "1..$n"
exit $(( failed > 0 ))
