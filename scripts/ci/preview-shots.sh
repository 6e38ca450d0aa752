#!/usr/bin/env bash
# PNG screenshots (375 px and 1280 px, whole page) of every *.html in a folder, by Debian's
# chromium driven by playwright-core (scripts/ci/preview-shots.mjs). Where Debian's chromium is
# installed (LM_POST_CHROMIUM, default /usr/bin/chromium; .ci/run installs it), it is used
# directly; on a runner without it (GitHub's Ubuntu images), inside a Debian container that
# installs it, with this checkout (and its node_modules) mounted read-only.
#   preview-shots.sh DIR
set -euo pipefail
dir="$(cd "$1" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
chromium="${LM_POST_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium" ] && [ -d "$root/node_modules/playwright-core" ]; then
  exec node "$here/preview-shots.mjs" "$dir"
fi
if command -v docker >/dev/null 2>&1; then
  image="${LM_POST_SHOTS_IMAGE:-node:24-trixie-slim}"
  exec docker run --rm -v "$dir:/previews" -v "$root:/lm-post:ro" "$image" bash -c \
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-color-emoji >/dev/null && node /lm-post/scripts/ci/preview-shots.mjs /previews'
fi
echo "lm-post: ni $chromium ni docker : pas de captures." >&2
exit 1
