#!/usr/bin/env bash
# Prints the posts (queue/*.yaml|yml, any case; not queue/letters/) added or changed since BASE;
# nothing when BASE is empty or unknown. Used by action.yml, pr-comment.sh and .gitlab-ci.yml.
#   changed-posts.sh [-z] BASE    -z: NUL-terminated (for `mapfile -d ''`); else one per line.
# Names pass through unchanged (accents, spaces, apostrophes): git writes them raw with -z, never
# quoted, and they are never split on spaces.
set -euo pipefail
sep=$'\n'
if [ "${1:-}" = "-z" ]; then sep='\0'; shift; fi
base="${1:-}"
queue="${LM_POST_QUEUE:-queue}"
queue="${queue%/}"
[ -n "$base" ] || exit 0
git cat-file -e "$base^{commit}" 2>/dev/null || git fetch -q --depth=50 origin "$base" 2>/dev/null || exit 0
shopt -s nocasematch
while IFS= read -r -d '' file; do
  case "$file" in
    "$queue"/letters/*) continue ;;
    "$queue"/*.yaml | "$queue"/*.yml) printf "%s$sep" "$file" ;;
  esac
done < <(git -c core.quotePath=false diff -z --no-renames --name-only --diff-filter=AM "$base" HEAD -- "$queue")
