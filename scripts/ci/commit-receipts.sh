#!/usr/bin/env bash
# Commits the receipts lm-post publish wrote into the posts and pushes them to the branch,
# rebasing on a concurrent push. Without this, the next scheduled run would not know what
# already went out (it would reconcile, at a cost on X). Used by action.yml and .gitlab-ci.yml.
#
#   commit-receipts.sh [BRANCH]      (default: $LM_POST_BRANCH, else main)
#   LM_POST_QUEUE        the queue folder to commit (default: queue)
#   LM_POST_PUSH_URL     where to push (default: origin), e.g. a GitLab URL with a project token
#   LM_POST_GIT_NAME / LM_POST_GIT_EMAIL   the bot identity
set -euo pipefail
branch="${1:-${LM_POST_BRANCH:-main}}"
queue="${LM_POST_QUEUE:-queue}"
remote="${LM_POST_PUSH_URL:-origin}"

git config user.name "${LM_POST_GIT_NAME:-lm-post[bot]}"
git config user.email "${LM_POST_GIT_EMAIL:-lm-post-bot@users.noreply.github.com}"

git add -A -- "$queue"
if git diff --cached --quiet; then
  echo "lm-post: aucun nouveau reçu à enregistrer / no new receipts to commit."
  exit 0
fi
git commit -q -m "lm-post : reçus de publication [skip ci]"

# The checkout keeps no credentials (persist-credentials: false): on GitHub the token reaches git
# for these two commands only, as a header, never written to .git/config.
auth=()
if [ -n "${GH_TOKEN:-}" ] && [ "$remote" = origin ]; then
  case "$(git remote get-url origin 2>/dev/null)" in
    https://github.com/*) auth=(-c "http.https://github.com/.extraheader=AUTHORIZATION: basic $(printf 'x-access-token:%s' "$GH_TOKEN" | base64 | tr -d '\n')") ;;
  esac
fi

# A colleague (or another run) may have pushed meanwhile: replay our receipts on top.
for attempt in 1 2 3 4 5; do
  if git ${auth[@]+"${auth[@]}"} pull -q --rebase "$remote" "$branch" && git ${auth[@]+"${auth[@]}"} push -q "$remote" "HEAD:$branch"; then
    echo "lm-post: reçus enregistrés sur $branch / receipts pushed to $branch."
    exit 0
  fi
  git rebase --abort >/dev/null 2>&1 || true
  sleep $((attempt * 2))
done
echo "lm-post: impossible de pousser les reçus sur $branch / could not push the receipts to $branch." >&2
exit 1
