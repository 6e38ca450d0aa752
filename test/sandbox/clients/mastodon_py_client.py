"""Independent Mastodon client (Mastodon.py, Debian python3-mastodon) run against the sandbox.

Usage: python3 mastodon_py_client.py BASE_URL TOKEN IMAGE_PATH
Prints one JSON document describing what the library saw.
"""
import json
import sys
import time

from mastodon import Mastodon, MastodonAPIError, MastodonUnauthorizedError

base, token, image = sys.argv[1], sys.argv[2], sys.argv[3]

# The constructor reads /api/v1/instance/ to learn the server version (and fails soft if it cannot).
api = Mastodon(api_base_url=base, access_token=token, ratelimit_method="throw")
out = {"version_check_worked": api.version_check_worked, "version": api.retrieve_mastodon_version()}

me = api.account_verify_credentials()
out["account"] = {"id": str(me["id"]), "acct": me["acct"]}

# Since 3.1.4 Mastodon.py uses /api/v2/media (multipart `file` + `description`) and gets url None back
# for what Mastodon processes in the background (a GIF; still images are processed at once).
mime = "image/gif" if image.endswith(".gif") else "image/png"
media = api.media_post(image, mime_type=mime, description="Texte alternatif (Mastodon.py)")
out["media_initial_url"] = media["url"]
for _ in range(40):
    if media["url"] is not None:
        break
    time.sleep(0.05)
    media = api.media(media["id"])
out["media_final_url"] = media["url"]

status = api.status_post(
    "Publié par Mastodon.py #bacàsable",
    media_ids=[media],
    visibility="unlisted",
    spoiler_text="Test",
    language="fr",
    idempotency_key="mastodon-py-key",
)
replay = api.status_post("Autre texte, même clé", idempotency_key="mastodon-py-key")
reply = api.status_post("Réponse via Mastodon.py", in_reply_to_id=status)
out["status"] = {
    "id": str(status["id"]),
    "visibility": status["visibility"],
    "spoiler_text": status["spoiler_text"],
    "language": status["language"],
    "media_ids": [str(m["id"]) for m in status["media_attachments"]],
    "media_descriptions": [m["description"] for m in status["media_attachments"]],
    "content": status["content"],
    "created_at_parsed": hasattr(status["created_at"], "isoformat"),
}
out["replay_id"] = str(replay["id"])
out["reply_in_reply_to_id"] = str(reply["in_reply_to_id"])
out["ratelimit_remaining"] = api.ratelimit_remaining
out["ratelimit_reset_future"] = api.ratelimit_reset > time.time()

try:
    api.status_post("")
except MastodonAPIError as e:
    out["blank_error"] = [e.args[1], e.args[3]]

try:
    Mastodon(api_base_url=base, access_token="wrong", version_check_mode="none").status_post("x")
except MastodonUnauthorizedError as e:
    out["unauthorized"] = [e.args[1], e.args[3]]

print(json.dumps(out))
