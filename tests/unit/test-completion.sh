#!/usr/bin/env bash
# Loop Lab: the bash completion of looplab-cli (and of looplab), asked as
# bash asks it: the script sourced, COMP_WORDS and COMP_CWORD set, the
# function called, COMPREPLY read.  TAP output.
#
# Usage: test-completion.sh COMPLETIONS_DIR LOOPLAB-CLI [LOOPLAB]
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

completions=$1
cli=$2
app=${3:-}
n=0
failed=0

# shellcheck source-path=SCRIPTDIR source=../../data/completions/looplab-cli
. "$completions/looplab-cli"
if [[ -n $app ]]; then
  # shellcheck source-path=SCRIPTDIR source=../../data/completions/looplab
  . "$completions/looplab"
fi

# complete FUNCTION WORD...: COMPREPLY for the last WORD, the one under
# the cursor, into $reply as one line of words.
complete_words ()
{
  local function=$1
  shift
  COMP_WORDS=("$@")
  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  COMPREPLY=()
  "$function" 2> /dev/null
  reply=" ${COMPREPLY[*]} "
}

# check DESCRIPTION [+WORD|!WORD]...: whether $reply has each +WORD and
# none of the !WORDs; "=" alone: whether it is empty.
check ()
{
  local description=$1 word ok=1
  shift

  for word in "$@"; do
    case $word in
      =) [[ $reply == "  " ]] || ok=0 ;;
      +*) [[ $reply == *" ${word:1} "* ]] || ok=0 ;;
      !*) [[ $reply != *" ${word:1} "* ]] || ok=0 ;;
    esac
  done

  n=$(( n + 1 ))
  if (( ok )); then
    echo "ok $n - $description"
  else
    echo "not ok $n - $description: got [$reply]"
    failed=$(( failed + 1 ))
  fi
}

complete_words _looplab_cli "$cli" ""
check "the commands" +list +run +tour +serve +bench +help +--help

complete_words _looplab_cli "$cli" r
check "a command by its start" +run !list

complete_words _looplab_cli "$cli" run ""
check "the programs, from looplab-cli list" +courier +message-loop +switch-cost !run

complete_words _looplab_cli "$cli" run cou
check "a program by its start" +courier +countdown +counter-race !hello

complete_words _looplab_cli "$cli" help ""
check "help: the programs and the commands" +courier +serve +bench

complete_words _looplab_cli "$cli" run courier --
check "a program's options, from its --help" +--parcels +--seed +--speed +--blocking +--help !courier

complete_words _looplab_cli "$cli" run courier --s
check "an option by its start" +--seed +--speed !--parcels

complete_words _looplab_cli "$cli" run courier --
check "no hidden option" !--virtual-clock

complete_words _looplab_cli "$cli" run environments --
check "no hidden option of environments" +--only !--stage !--exit-after !--virtual-clock

complete_words _looplab_cli "$cli" run switch-cost --
check "no hidden option of switch-cost" +--max !--ring-host !--rounds !--worker-limit

complete_words _looplab_cli "$cli" bench --runs ""
check "a number after an option, not a benchmark" =

complete_words _looplab_cli "$cli" bench --runs = ""
check "nor after --runs=" =

complete_words _looplab_cli "$cli" run courier --parcels 3 --
check "options again after a value" +--couriers

complete_words _looplab_cli "$cli" serve --
check "serve's options, not its hidden --worker" +--port +--workers !--worker

complete_words _looplab_cli "$cli" bench ""
check "the benchmarks" +send +switch +sleepers +server

complete_words _looplab_cli "$cli" bench send --
check "bench's options" +--runs +--json !--child

complete_words _looplab_cli /nonexistent/looplab-cli ""
check "nothing, and no error, without the program" =

if [[ -n $app ]]; then
  complete_words _looplab "$app" --
  check "looplab's options" +--demo +--list +--version

  complete_words _looplab "$app" --demo ""
  check "looplab --demo: the demos, from looplab --list" +courier +message-loop
fi

echo "1..$n"
exit $(( failed > 0 ))
