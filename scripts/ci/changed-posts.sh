#!/usr/bin/env bash
# Prints the posts (queue/*.yaml|yml) added or changed since BASE, one per line; nothing when
# BASE is empty or unknown. Used by action.yml and .gitlab-ci.yml for merge/pull requests.
set -euo pipefail
base="${1:-}"
queue="${LM_POST_QUEUE:-queue}"
[ -n "$base" ] || exit 0
git cat-file -e "$base^{commit}" 2>/dev/null || git fetch -q --depth=50 origin "$base" 2>/dev/null || exit 0
git diff --name-only --diff-filter=AMR "$base" HEAD -- "$queue/*.yaml" "$queue/*.yml" | grep -v '/README\.md$' || true
