#!/usr/bin/env bash
# The visual previews of the new or changed posts of a pull request (SPEC §19): one HTML page per
# post (lm-post preview --format html), then PNG screenshots of each at 375 px and 1280 px made by
# Debian's chromium (scripts/ci/preview-shots.sh). CI uploads the folder as an artefact and the
# sticky comment links to it.
#   preview-pages.sh BASE_SHA OUT_DIR     needs LM_POST_BIN (or runs this checkout's bin/lm-post)
# Never fails the job: a post that cannot be previewed is said so in the folder's index.txt.
set -uo pipefail
base="$1"
out="$2"
here="$(cd "$(dirname "$0")" && pwd)"
lm_post="${LM_POST_BIN:-$here/../../bin/lm-post}"
mkdir -p "$out"
mapfile -t -d '' posts < <("$here/changed-posts.sh" -z "$base")
: > "$out/index.txt"
for post in "${posts[@]}"; do
  name="$(basename "$post")"
  name="${name%.*}"
  # The exit code says whether the post has errors; the page shows them, so it is kept either way.
  node "$lm_post" preview --format html --out "$out/$name.html" "$post" 2>/dev/null
  if [ -f "$out/$name.html" ]; then echo "$name.html  $post" >> "$out/index.txt"
  else echo "(aucun aperçu)  $post" >> "$out/index.txt"; fi
done
if [ "${#posts[@]}" -gt 0 ]; then "$here/preview-shots.sh" "$out" || echo "lm-post: captures d'écran impossibles ici (chromium absent)." >&2; fi
echo "lm-post: ${#posts[@]} aperçu(s) dans $out"
