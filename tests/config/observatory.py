"""The Mozilla HTTP Observatory's scoring (mdn/mdn-http-observatory, src/analyzer/tests/ and
src/grader/charts.js), for the headers it tests, applied to Django test responses.

Every site starts at 100; each test adds its modifier, and bonuses (positive modifiers) count
only if the score without them is 90 or more. 100 and over is A+.

- Content-Security-Policy (header; policies split on ","). script-src, style-src and object-src
  fall back to default-src, then to "*". 'unsafe-inline' is ignored next to a nonce or hash.
  In this order, the first that applies: 'unsafe-inline' or data: or a broad source (*, http:,
  https:, ...) in script-src, or a broad source in object-src: -20; an http: or ftp: source
  for active content on an HTTPS site: -20; 'unsafe-eval' in script-src or style-src: -10;
  http: images or media: -10; 'unsafe-inline', data: or a broad source in style-src: 0;
  default-src 'none' and nothing else: +10; otherwise (no unsafe source): +5. No CSP or one
  that cannot be parsed: -25.
- Cookies (every Set-Cookie; "session" cookies are those whose name holds "login" or "sess",
  "anti-CSRF" those holding "csrf"; the worst finding counts): none: 0; all Secure, session
  cookies HttpOnly and every cookie SameSite: +5; the same without SameSite on some: 0; not
  Secure but HSTS: -5; a session cookie not Secure but HSTS: -10; not Secure: -20; SameSite
  other than Strict/Lax/None, or None without Secure: -20; an anti-CSRF cookie without
  SameSite: -20; a session cookie without HttpOnly: -30; a session cookie not Secure: -40.
- CORS (a request with an Origin header): Access-Control-Allow-Origin "*" or a fixed origin,
  or none: 0; the request's origin reflected with Access-Control-Allow-Credentials true: -50.
- Redirection (the same address over http): to https on the same host first, ending on https:
  0; to another host first: -5; to http first, https at the end: -10; no redirection, or not
  ending on https: -20.
- Referrer-Policy (the last valid value): no-referrer, same-origin, strict-origin or
  strict-origin-when-cross-origin: +5; none: 0; origin, origin-when-cross-origin, unsafe-url or
  no-referrer-when-downgrade, or no valid value: -5.
- Strict-Transport-Security (on the HTTPS response): max-age of at least six months
  (15768000): 0 (+5 only for a host on the browsers' preload list, which a test host is not);
  less: -10; missing or unparsable: -20.
- Subresource Integrity (HTML only): every script from the same origin, or none: 0; scripts
  from other origins over https with integrity on all: +5, without: -5; over http: -50.
- X-Content-Type-Options: nosniff: 0; missing or anything else: -5.
- X-Frame-Options: a CSP header with frame-ancestors: +5; DENY or SAMEORIGIN, or ALLOW-FROM:
  0; missing or anything else: -20.
- Cross-Origin-Resource-Policy: same-origin or same-site: +10; cross-origin or missing: 0;
  anything else: -5.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
NONCE_OR_HASH = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
SIX_MONTHS = 15768000
OBSERVATORY_ORIGIN = "https://http-observatory.security.mozilla.org"


@dataclass(frozen=True)
class Finding:
    test: str
    result: str
    modifier: int


def parse_csp(header):
    """The directives of a CSP header: {name: set of sources}; ValueError if it has none."""
    policy = {}
    for part in re.split(r"[;,]", header):
        words = part.strip().lower().split()
        if words:
            policy.setdefault(words[0], set()).update(words[1:])
    if not policy:
        raise ValueError("empty policy")
    return policy


def csp_finding(response, https=True):
    header = response.headers.get("Content-Security-Policy")
    if not header:
        return Finding("csp", "csp-not-implemented", -25)
    try:
        csp = parse_csp(header)
    except ValueError:
        return Finding("csp", "csp-header-invalid", -25)
    default = csp.get("default-src")
    script = set(csp.get("script-src") or default or {"*"})
    style = set(csp.get("style-src") or default or {"*"})
    objects = csp.get("object-src") or default or {"*"}
    for sources in (script, style):
        if any(s.startswith(NONCE_OR_HASH) for s in sources):
            sources.discard("'unsafe-inline'")
    active = [s for name, v in csp.items() if name not in {"img-src", "media-src"} for s in v]
    passive = [s for name in ("img-src", "media-src") for s in (csp.get(name) or default or ())]
    insecure = ("http:", "ftp:")
    if script & (BROAD | UNSAFE_INLINE) or objects & BROAD:
        return Finding("csp", "csp-implemented-with-unsafe-inline", -20)
    if https and any(s.startswith(insecure) for s in active):
        return Finding("csp", "csp-implemented-with-insecure-scheme", -20)
    if "'unsafe-eval'" in script | style:
        return Finding("csp", "csp-implemented-with-unsafe-eval", -10)
    if https and any(s.startswith(insecure) for s in passive):
        return Finding("csp", "csp-implemented-with-insecure-scheme-in-passive-content-only", -10)
    if style & (BROAD | UNSAFE_INLINE):
        return Finding("csp", "csp-implemented-with-unsafe-inline-in-style-src-only", 0)
    if default == {"'none'"}:
        return Finding("csp", "csp-implemented-with-no-unsafe-default-src-none", 10)
    return Finding("csp", "csp-implemented-with-no-unsafe", 5)


# From the least bad to the worst, as the Observatory ranks them.
COOKIE_FINDINGS = [
    ("cookies-without-secure-flag-but-protected-by-hsts", -5),
    ("cookies-without-secure-flag", -20),
    ("cookies-session-without-secure-flag-but-protected-by-hsts", -10),
    ("cookies-samesite-flag-invalid", -20),
    ("cookies-anticsrf-without-samesite-flag", -20),
    ("cookies-session-without-httponly-flag", -30),
    ("cookies-session-without-secure-flag", -40),
]


def cookies_finding(cookies, hsts):
    """`cookies`: the Morsels a response (and those before it) set."""
    if not cookies:
        return Finding("cookies", "cookies-not-found", 0)
    found = []
    for cookie in cookies:
        name = cookie.key.lower()
        session = "login" in name or "sess" in name
        samesite = (cookie["samesite"] or "").lower()
        if samesite and samesite not in {"lax", "strict", "none"}:
            found.append("cookies-samesite-flag-invalid")
        if samesite == "none" and not cookie["secure"]:
            found.append("cookies-samesite-flag-invalid")
        if not cookie["secure"]:
            found.append(
                "cookies-without-secure-flag-but-protected-by-hsts"
                if hsts
                else "cookies-without-secure-flag"
            )
        if "csrf" in name and not samesite:
            found.append("cookies-anticsrf-without-samesite-flag")
        if session and not cookie["secure"]:
            found.append(
                "cookies-session-without-secure-flag-but-protected-by-hsts"
                if hsts
                else "cookies-session-without-secure-flag"
            )
        if session and not cookie["httponly"]:
            found.append("cookies-session-without-httponly-flag")
    if found:
        ranked = [result for result, _ in COOKIE_FINDINGS]
        worst = max(found, key=ranked.index)
        return Finding("cookies", worst, dict(COOKIE_FINDINGS)[worst])
    if all(cookie["samesite"] for cookie in cookies):
        return Finding("cookies", "cookies-secure-with-httponly-sessions-and-samesite", 5)
    return Finding("cookies", "cookies-secure-with-httponly-sessions", 0)


def cors_finding(response):
    allowed = response.headers.get("Access-Control-Allow-Origin")
    if not allowed:
        return Finding("cors", "cross-origin-resource-sharing-not-implemented", 0)
    if allowed.strip() == "*":
        return Finding("cors", "cross-origin-resource-sharing-implemented-with-public-access", 0)
    credentials = response.headers.get("Access-Control-Allow-Credentials", "")
    if allowed.strip() == OBSERVATORY_ORIGIN and credentials.strip().lower() == "true":
        return Finding(
            "cors", "cross-origin-resource-sharing-implemented-with-universal-access", -50
        )
    return Finding("cors", "cross-origin-resource-sharing-implemented-with-restricted-access", 0)


def redirection_finding(locations, host):
    """`locations`: the absolute addresses the http request was redirected to, in order."""
    if not locations:
        return Finding("redirection", "redirection-missing", -20)
    if urlsplit(locations[-1]).scheme != "https":
        return Finding("redirection", "redirection-not-to-https", -20)
    first = urlsplit(locations[0])
    if first.scheme != "https":
        return Finding("redirection", "redirection-not-to-https-on-initial-redirection", -10)
    if first.hostname != host:
        return Finding("redirection", "redirection-off-host-from-http", -5)
    return Finding("redirection", "redirection-to-https", 0)


REFERRER_GOOD = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
REFERRER_BAD = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}


def referrer_finding(response):
    header = response.headers.get("Referrer-Policy")
    if header is None:
        return Finding("referrer-policy", "referrer-policy-not-implemented", 0)
    values = [v.strip().lower() for v in header.split(",")]
    valid = [v for v in values if v in REFERRER_GOOD | REFERRER_BAD]
    if valid and valid[-1] in REFERRER_GOOD:
        return Finding("referrer-policy", "referrer-policy-private", 5)
    if valid:
        return Finding("referrer-policy", "referrer-policy-unsafe", -5)
    return Finding("referrer-policy", "referrer-policy-header-invalid", -5)


def hsts_finding(response):
    header = response.headers.get("Strict-Transport-Security")
    if not header:
        return Finding("hsts", "hsts-not-implemented", -20)
    found = re.search(r"(?:^|;)\s*max-age\s*=\s*\"?(\d+)\"?\s*(?:;|$)", header, re.IGNORECASE)
    if not found:
        return Finding("hsts", "hsts-header-invalid", -20)
    if int(found.group(1)) < SIX_MONTHS:
        return Finding("hsts", "hsts-implemented-max-age-less-than-six-months", -10)
    return Finding("hsts", "hsts-implemented-max-age-at-least-six-months", 0)


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


def sri_finding(response, host):
    if "html" not in response.headers.get("Content-Type", ""):
        return Finding("sri", "sri-not-implemented-response-not-html", 0)
    parser = _Scripts()
    parser.feed(response.content.decode())
    external = []
    for script in parser.scripts:
        address = urlsplit(script.get("src") or "")
        if address.netloc and address.hostname != host:
            external.append((address.scheme, bool(script.get("integrity"))))
    if not parser.scripts:
        return Finding("sri", "sri-not-implemented-but-no-scripts-loaded", 0)
    if not external:
        return Finding("sri", "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0)
    if any(scheme != "https" for scheme, _ in external):
        return Finding("sri", "sri-not-implemented-and-external-scripts-not-loaded-securely", -50)
    if all(integrity for _, integrity in external):
        return Finding("sri", "sri-implemented-and-external-scripts-loaded-securely", 5)
    return Finding("sri", "sri-not-implemented-but-external-scripts-loaded-securely", -5)


def content_type_options_finding(response):
    header = response.headers.get("X-Content-Type-Options")
    if header is None:
        return Finding("x-content-type-options", "x-content-type-options-not-implemented", -5)
    if header.strip().lower() == "nosniff":
        return Finding("x-content-type-options", "x-content-type-options-nosniff", 0)
    return Finding("x-content-type-options", "x-content-type-options-header-invalid", -5)


def frame_options_finding(response):
    csp = response.headers.get("Content-Security-Policy")
    try:
        if csp and "frame-ancestors" in parse_csp(csp):
            return Finding("x-frame-options", "x-frame-options-implemented-via-csp", 5)
    except ValueError:
        pass
    header = (response.headers.get("X-Frame-Options") or "").strip().lower()
    if header in {"deny", "sameorigin"}:
        return Finding("x-frame-options", "x-frame-options-sameorigin-or-deny", 0)
    if header.startswith("allow-from"):
        return Finding("x-frame-options", "x-frame-options-allow-from-origin", 0)
    if not header:
        return Finding("x-frame-options", "x-frame-options-not-implemented", -20)
    return Finding("x-frame-options", "x-frame-options-header-invalid", -20)


def corp_finding(response):
    header = (response.headers.get("Cross-Origin-Resource-Policy") or "").strip().lower()
    if not header:
        return Finding("corp", "cross-origin-resource-policy-not-implemented", 0)
    if header in {"same-origin", "same-site"}:
        return Finding("corp", f"cross-origin-resource-policy-implemented-with-{header}", 10)
    if header == "cross-origin":
        return Finding("corp", "cross-origin-resource-policy-implemented-with-cross-origin", 0)
    return Finding("corp", "cross-origin-resource-policy-header-invalid", -5)


def findings(*, response, cookies, cors_response, redirect_locations, host):
    """Every test's finding for one address: its HTTPS response, the cookies set on the way,
    the response to a request from another origin and the redirects of its http address."""
    hsts = hsts_finding(response)
    return [
        csp_finding(response),
        cookies_finding(cookies, hsts=hsts.modifier == 0),
        cors_finding(cors_response),
        redirection_finding(redirect_locations, host),
        referrer_finding(response),
        hsts,
        sri_finding(response, host),
        content_type_options_finding(response),
        frame_options_finding(response),
        corp_finding(response),
    ]


def score(found):
    """The score: 100 plus the penalties, plus the bonuses if that is at least 90."""
    base = 100 + sum(f.modifier for f in found if f.modifier < 0)
    if base >= 90:
        base += sum(f.modifier for f in found if f.modifier > 0)
    return max(base, 0)
