#!/usr/bin/env bash
# PNG screenshots (375 px and 1280 px, whole page) of every *.html in a folder, by Debian's
# chromium driven by playwright-core (scripts/ci/preview-shots.mjs).
# - On GitHub's runners (Ubuntu, where Debian's chromium cannot be installed), inside a Debian
#   container that installs it, with this checkout (and its node_modules) mounted read-only.
# - Elsewhere, Debian's chromium of the machine (LM_POST_CHROMIUM, default /usr/bin/chromium;
#   .ci/run and the GitLab job install it), else the container when docker works.
# LM_POST_SHOTS_CONTAINER=1 or 0 forces one way or the other.
#   preview-shots.sh DIR
set -euo pipefail
dir="$(cd "$1" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
chromium="${LM_POST_CHROMIUM:-/usr/bin/chromium}"
docker_ok() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }
in_debian() {
  docker run --rm -v "$dir:/previews" -v "$root:/lm-post:ro" "${LM_POST_SHOTS_IMAGE:-node:24-trixie-slim}" bash -c \
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-color-emoji >/dev/null && node /lm-post/scripts/ci/preview-shots.mjs /previews'
}
local_ok() { [ -x "$chromium" ] && [ -d "$root/node_modules/playwright-core" ]; }
want="${LM_POST_SHOTS_CONTAINER:-}"
if [ -z "$want" ] && [ "${GITHUB_ACTIONS:-}" = true ] && docker_ok; then want=1; fi
if [ "$want" = 1 ]; then in_debian; exit; fi
if local_ok; then exec node "$here/preview-shots.mjs" "$dir"; fi
if [ "$want" != 0 ] && docker_ok; then in_debian; exit; fi
echo "lm-post: ni $chromium ni docker : pas de captures." >&2
exit 1
