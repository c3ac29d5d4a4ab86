"""Private links without accounts: a random secret per record, a link token derived
from it with the site's SECRET_KEY, and only a digest of that token to look it up.

The token can be rebuilt for every mail (a reminder, an alert) without being stored,
and a copy of the database alone does not reveal a working link.
"""

import hashlib
import hmac
import secrets

from django.utils.crypto import salted_hmac

# Anything longer is not a token of ours; refuse it before hashing.
MAX_TOKEN_LENGTH = 128


def new_secret():
    return secrets.token_urlsafe(32)


def token_for(secret, purpose):
    return salted_hmac(f"cooperation.{purpose}", secret, algorithm="sha256").hexdigest()


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def find_by_token(queryset, token, purpose):
    """The record whose link token is `token`, or None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    record = queryset.filter(token_digest=digest(token)).first()
    if record is None:
        return None
    # The digest lookup found the row; the constant-time comparison makes sure it is
    # the token of this record and purpose, not merely a digest collision.
    if not hmac.compare_digest(token_for(record.secret, purpose), token):
        return None
    return record
