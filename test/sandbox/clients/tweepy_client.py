"""Independent X client (tweepy 4.12, Debian python3-tweepy) run against the sandbox.

Usage: python3 tweepy_client.py BASE_URL CONSUMER_KEY CONSUMER_SECRET ACCESS_TOKEN ACCESS_SECRET
Prints one JSON document describing what the library saw.
"""
import json
import sys

import requests
import tweepy

base, ck, cs, at, ats = sys.argv[1:6]


class RedirectAdapter(requests.adapters.HTTPAdapter):
    """Sends to the sandbox what tweepy addressed to https://api.twitter.com.

    The rewrite happens in send(), after requests-oauthlib has signed the request, so the
    OAuth 1.0a signature covers the real public URL, exactly as on the wire to X.
    """

    def send(self, request, **kwargs):
        request.url = request.url.replace("https://api.twitter.com", base, 1)
        return super().send(request, **kwargs)


def client(consumer_secret=cs):
    c = tweepy.Client(consumer_key=ck, consumer_secret=consumer_secret, access_token=at, access_token_secret=ats)
    c.session.mount("https://api.twitter.com", RedirectAdapter())
    return c


c = client()
out = {}
me = c.get_me(user_auth=True)
out["me"] = {"id": str(me.data.id), "username": me.data.username}

first = c.create_tweet(text="Publié par tweepy")
reply = c.create_tweet(text="Réponse par tweepy", in_reply_to_tweet_id=first.data["id"])
quote = c.create_tweet(text="Citation par tweepy", quote_tweet_id=first.data["id"])
out["first"] = first.data
out["reply_id"] = reply.data["id"]
out["quote_id"] = quote.data["id"]

fetched = c.get_tweet(reply.data["id"], tweet_fields=["created_at", "conversation_id"], user_auth=True)
out["fetched"] = {"id": str(fetched.data.id), "conversation_id": str(fetched.data.conversation_id), "has_created_at": fetched.data.created_at is not None}

try:
    c.create_tweet(text="Publié par tweepy")
except tweepy.Forbidden as e:
    out["duplicate"] = {"status": e.response.status_code, "messages": e.api_messages}

try:
    client(consumer_secret="wrong").create_tweet(text="Signature fausse")
except tweepy.Unauthorized as e:
    out["bad_signature"] = {"status": e.response.status_code, "body": e.response.json()}

print(json.dumps(out))
