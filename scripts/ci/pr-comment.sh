#!/usr/bin/env bash
# The sticky pull-request comment: the preview of each new or changed post per network, with
# counts and the X cost, in one comment that is updated on each push instead of piling up.
#   pr-comment.sh BASE_SHA PR_NUMBER     needs GH_TOKEN, GITHUB_REPOSITORY, LM_POST_BIN
set -euo pipefail
base="$1"
pr="$2"
here="$(cd "$(dirname "$0")" && pwd)"
lm_post="${LM_POST_BIN:-$here/../../bin/lm-post}"
marker='<!-- lm-post-preview -->'
body="${RUNNER_TEMP:-/tmp}/lm-post-comment-$pr.md"

mapfile -t -d '' posts < <("$here/changed-posts.sh" -z "$base")
{
  echo "$marker"
  echo "### Aperçu des billets — lm-post"
  echo
  if [ "${#posts[@]}" -eq 0 ]; then
    echo "Aucun billet nouveau ou modifié dans cette demande de fusion."
  fi
  for post in "${posts[@]}"; do
    node "$lm_post" preview --format markdown "$post" || true
    echo
  done
} > "$body"

if [ -z "${GH_TOKEN:-}" ] || [ -z "$pr" ]; then
  cat "$body"
  exit 0
fi
api="repos/$GITHUB_REPOSITORY/issues"
existing="$(gh api "$api/$pr/comments" --paginate --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)"
if [ -n "$existing" ]; then
  gh api -X PATCH "$api/comments/$existing" -F "body=@$body" >/dev/null
else
  gh api -X POST "$api/$pr/comments" -F "body=@$body" >/dev/null
fi
echo "lm-post: aperçu publié en commentaire de la demande #$pr."
