#!/usr/bin/env bash
# Runs a command without the credentials the job holds (network tokens and secrets, the SMTP URL,
# GitHub tokens): dependency install scripts, the build, check and the comment never see them; only
# the publishing command gets the network secrets, and only the push gets the GitHub token.
#   without-secrets.sh [--keep VAR]... COMMAND [ARGS...]
set -euo pipefail
keep=()
while [ "${1:-}" = "--keep" ]; do
  keep+=("$2")
  shift 2
done
drop=()
while IFS= read -r v; do
  case "$v" in
    LM_POST_*TOKEN | LM_POST_*SECRET | LM_POST_*KEY | LM_POST_*PASSWORD | LM_POST_SMTP_URL | LM_POST_PUSH_URL | GH_TOKEN | GITHUB_TOKEN | ACTIONS_RUNTIME_TOKEN | ACTIONS_ID_TOKEN_REQUEST_TOKEN | ACTIONS_ID_TOKEN_REQUEST_URL) ;;
    *) continue ;;
  esac
  for k in ${keep[@]+"${keep[@]}"}; do [ "$k" = "$v" ] && continue 2; done
  drop+=(-u "$v")
done < <(compgen -e)
exec env ${drop[@]+"${drop[@]}"} "$@"
