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
# Only a comment written by the bot's own identity is ours to update: anyone (a fork's author) can
# post a comment starting with the marker first. With the workflow's GITHUB_TOKEN the author is
# github-actions[bot]; LM_POST_COMMENT_AUTHOR names another (a GitHub App's bot login).
author="${LM_POST_COMMENT_AUTHOR:-github-actions[bot]}"
if ! [[ "$author" =~ ^[A-Za-z0-9][A-Za-z0-9-]*(\[bot\])?$ ]]; then
  echo "lm-post: LM_POST_COMMENT_AUTHOR n'est pas un identifiant GitHub / is not a GitHub login: $author" >&2
  exit 2
fi
existing="$(gh api "$api/$pr/comments" --paginate --jq ".[] | select(.user.login == \"$author\" and (.body | startswith(\"$marker\"))) | .id" | head -n 1)"
if [ -n "$existing" ]; then
  gh api -X PATCH "$api/comments/$existing" -F "body=@$body" >/dev/null
else
  gh api -X POST "$api/$pr/comments" -F "body=@$body" >/dev/null
fi
echo "lm-post: aperçu publié en commentaire de la demande #$pr."
