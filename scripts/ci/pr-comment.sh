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

mapfile -t posts < <("$here/changed-posts.sh" "$base")
{
  echo "$marker"
  echo "### Aperçu des billets — lm-post"
  echo
  # The visual previews (preview-pages.sh), uploaded as an artefact by the workflow.
  if [ -n "${LM_POST_PREVIEW_URL:-}" ] && [ "${#posts[@]}" -gt 0 ]; then
    echo "🖼 **Aperçus visuels par réseau** (une page HTML par billet, captures 375 px et 1280 px) : [télécharger l’artefact]($LM_POST_PREVIEW_URL)"
    echo
  fi
  if [ "${#posts[@]}" -eq 0 ]; then
    echo "Aucun billet nouveau ou modifié dans cette demande de fusion."
  fi
  for post in "${posts[@]}"; do
    node "$lm_post" preview --format markdown "$post" || true
    if [ -n "${LM_POST_PREVIEW_URL:-}" ]; then
      name="$(basename "$post")"; name="${name%.*}"
      echo
      echo "🖼 Aperçu visuel : \`$name.html\`, \`$name-375.png\`, \`$name-1280.png\` dans [l’artefact]($LM_POST_PREVIEW_URL)"
    fi
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
