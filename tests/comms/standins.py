"""Local stand-in HTTP servers for the channels (http.server in a thread on 127.0.0.1, no network).

Each holds what was posted (`posts`), counts requests, and follows a queue of behaviours for the
next posting request: "ok", "timeout" (answers after the client gave up), "lose" (does the work,
then drops the connection without an answer: the lost response), "4xx", "5xx", "expired" (the
channel's expired-token answer)."""

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOSE = object()


class StandIn:
    def __init__(self):
        self.posts: dict[str, dict] = {}
        self.behaviours: list[str] = []
        self.requests: list[tuple[str, str]] = []
        self.delay = 1.5  # "timeout": longer than the connectors' timeout in the tests
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> "StandIn":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def next_behaviour(self) -> str:
        return self.behaviours.pop(0) if self.behaviours else "ok"

    def handle(self, method: str, path: str, query: dict, headers, body: bytes):
        raise NotImplementedError

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                return

            def _serve(self):
                parsed = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                standin.requests.append((self.command, parsed.path))
                result = standin.handle(self.command, parsed.path, parse_qs(parsed.query), self.headers, body)
                if result is LOSE:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                status, payload = result
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = do_PUT = _serve

        return Handler

    def _misbehave(self, behaviour: str, work):
        """Apply a behaviour to a posting request; `work` makes the post and returns the answer."""
        if behaviour == "timeout":
            time.sleep(self.delay)
            return 503, {"error": "too late"}
        if behaviour == "5xx":
            return 503, {"error": "Service Unavailable"}
        if behaviour == "lose":
            work()
            return LOSE
        return work()


def form_or_json(headers, body: bytes) -> dict:
    if "json" in (headers.get("Content-Type") or ""):
        return json.loads(body or b"{}")
    if "multipart" in (headers.get("Content-Type") or ""):
        return {}
    return {key: values[0] for key, values in parse_qs(body.decode()).items()}


class MastodonStandIn(StandIn):
    def __init__(self, limit: int = 500):
        super().__init__()
        self.limit = limit
        self.keys: dict[str, str] = {}
        self.media: list[dict] = []
        self.counter = 100

    def _status(self, pk: str) -> dict:
        post = self.posts[pk]
        return {
            "id": pk,
            "url": f"{self.url}/@miasto/{pk}",
            "uri": f"{self.url}/users/miasto/statuses/{pk}",
            "content": f"<p>{post['status']}</p>",
            "visibility": "public",
            "media_attachments": post["media"],
        }

    def handle(self, method, path, query, headers, body):
        path = path.rstrip("/")
        if headers.get("Authorization") != "Bearer good-token":
            return 401, {"error": "The access token is invalid"}
        if path == "/api/v2/instance":
            return 200, {
                "domain": "127.0.0.1",
                "version": "4.3.0",
                "api_versions": {"mastodon": 2},
                "configuration": {"statuses": {"max_characters": self.limit}},
            }
        if path == "/api/v1/instance":
            return 200, {
                "uri": "127.0.0.1",
                "version": "4.3.0",
                "max_toot_chars": self.limit,
                "api_versions": {"mastodon": 2},
            }
        if path == "/api/v1/accounts/verify_credentials":
            return 200, {"id": "1", "username": "miasto", "acct": "miasto"}
        if path == "/api/v1/accounts/1/statuses":
            return 200, [self._status(pk) for pk in reversed(list(self.posts))]
        if path == "/api/v2/media" and method == "POST":
            self.counter += 1
            media = {"id": f"m{self.counter}", "type": "image", "description": "", "url": f"{self.url}/m.png"}
            self.media.append(media)
            return 200, media
        if path == "/api/v1/statuses" and method == "POST":
            data = form_or_json(headers, body)
            key = headers.get("Idempotency-Key") or ""

            def work():
                if key and key in self.keys:  # Mastodon answers a repeated key with the same status
                    return 200, self._status(self.keys[key])
                self.counter += 1
                pk = str(self.counter)
                self.posts[pk] = {
                    "status": data.get("status", ""),
                    "media": data.get("media_ids", []) or data.get("media_ids[]", []),
                }
                if key:
                    self.keys[key] = pk
                return 200, self._status(pk)

            behaviour = self.next_behaviour()
            if behaviour == "4xx":
                return 422, {"error": "Validation failed: Text character limit of 500 exceeded"}
            if behaviour == "expired":
                return 401, {"error": "The access token was revoked"}
            return self._misbehave(behaviour, work)
        if path.startswith("/api/v1/statuses/"):
            pk = path.rsplit("/", 1)[-1]
            if pk not in self.posts:
                return 404, {"error": "Record not found"}
            if method == "DELETE":
                status = self._status(pk)
                del self.posts[pk]
                return 200, status
            return 200, self._status(pk)
        return 404, {"error": "not here"}


def _jwt(did: str) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    now = int(time.time())
    claims = {"scope": "com.atproto.access", "sub": did, "iat": now, "exp": now + 7200}
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.c2ln"


class BlueskyStandIn(StandIn):
    DID = "did:plc:miastotest"

    def __init__(self):
        super().__init__()
        self.blobs = 0

    def handle(self, method, path, query, headers, body):
        name = path.removeprefix("/xrpc/")
        if name == "com.atproto.server.createSession":
            data = json.loads(body or b"{}")
            if data.get("password") != "app-password":
                return 401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}
            return 200, {
                "accessJwt": _jwt(self.DID),
                "refreshJwt": _jwt(self.DID),
                "handle": data["identifier"],
                "did": self.DID,
            }
        if not (headers.get("Authorization") or "").startswith("Bearer "):
            return 401, {"error": "AuthenticationRequired", "message": "no token"}
        if name == "com.atproto.repo.uploadBlob":
            self.blobs += 1
            cid = "bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy"
            return 200, {
                "blob": {
                    "$type": "blob",
                    "ref": {"$link": cid},
                    "mimeType": headers.get("Content-Type"),
                    "size": len(body),
                }
            }
        if name == "com.atproto.repo.getRecord":
            rkey = query["rkey"][0]
            if rkey not in self.posts:
                return 400, {"error": "RecordNotFound", "message": "Could not locate record"}
            return 200, {
                "uri": f"at://{self.DID}/app.bsky.feed.post/{rkey}",
                "cid": "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
                "value": self.posts[rkey],
            }
        if name == "com.atproto.repo.putRecord":
            data = json.loads(body)
            rkey = data["rkey"]

            def work():
                self.posts[rkey] = data["record"]  # a fixed key: written again, still one post
                return 200, {
                    "uri": f"at://{self.DID}/app.bsky.feed.post/{rkey}",
                    "cid": "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
                }

            behaviour = self.next_behaviour()
            if behaviour == "4xx":
                return 400, {
                    "error": "InvalidRequest",
                    "message": "Record/text must not be longer than 300 graphemes",
                }
            if behaviour == "expired":
                return 400, {"error": "ExpiredToken", "message": "Token has expired"}
            return self._misbehave(behaviour, work)
        if name == "com.atproto.repo.deleteRecord":
            self.posts.pop(json.loads(body)["rkey"], None)
            return 200, {}
        return 404, {"error": "MethodNotImplemented"}


class FacebookStandIn(StandIn):
    PAGE = "1234567890"

    def __init__(self):
        super().__init__()
        self.counter = 500

    def handle(self, method, path, query, headers, body):
        data = form_or_json(headers, body)
        token = (query.get("access_token") or [data.get("access_token", "")])[0]
        if token != "page-token":
            return 400, {
                "error": {"message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190}
            }
        path = path.removeprefix("/v21.0")
        if path == f"/{self.PAGE}/feed" and method == "POST":

            def work():
                self.counter += 1
                pk = f"{self.PAGE}_{self.counter}"
                self.posts[pk] = {"id": pk, "message": data.get("message", ""), "link": data.get("link", "")}
                return 200, {"id": pk}

            behaviour = self.next_behaviour()
            if behaviour == "4xx":
                return 400, {
                    "error": {"message": "(#100) Invalid parameter", "type": "OAuthException", "code": 100}
                }
            if behaviour == "expired":
                return 400, {
                    "error": {
                        "message": "Error validating access token: Session has expired",
                        "type": "OAuthException",
                        "code": 190,
                        "error_subcode": 463,
                    }
                }
            return self._misbehave(behaviour, work)
        if path == f"/{self.PAGE}/feed" and method == "GET":
            return 200, {"data": list(reversed(list(self.posts.values())))}
        if method == "DELETE":
            self.posts.pop(path.strip("/"), None)
            return 200, {"success": True}
        return 404, {"error": {"message": "Unknown path", "code": 803}}
