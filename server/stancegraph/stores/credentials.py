"""The user and password ``publish`` gives a remote store, and the HTTP client that uses them.

They come from the settings ``store_user`` and ``store_password`` (the latter from the
environment only, ``STANCEGRAPH_STORE_PASSWORD``: no command-line option takes it) or
``store_password_file`` (its first line). Nothing here prints them: messages name the user,
never the password, and a URL with credentials in it is refused without being repeated.
The client answers the store's challenge, HTTP Basic or Digest, whichever it asks for.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stancegraph.core.errors import InputError, UsageError


@dataclass(frozen=True)
class Credentials:
    """A user and password for a store; ``repr`` hides the password."""

    user: str
    password: str = field(repr=False)


def from_settings(values: Mapping[str, Any]) -> Credentials | None:
    """The credentials the settings give, or None when no user is set.

    Raises :class:`UsageError` for a password without a user (or a user without a password) and
    :class:`InputError` for a password file that cannot be read.
    """
    user, password, path = (
        values["store_user"],
        values["store_password"],
        values["store_password_file"],
    )
    if path:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or "not UTF-8 text"
            raise InputError(f"{path}: cannot read the store's password ({reason})") from None
        if not lines or not lines[0]:
            raise InputError(f"{path}: line 1: expected the store's password, found nothing")
        password = lines[0]
    if not user and not password:
        return None
    if not user:
        raise UsageError("a store password is set but no user: set store_user (--store-user)")
    if not password:
        raise UsageError(
            f"store user {user!r} has no password: set STANCEGRAPH_STORE_PASSWORD or "
            "store_password_file"
        )
    return Credentials(user, password)


def check_url(url: str) -> None:
    """Refuse a URL that carries credentials itself (they would show in logs and errors)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise UsageError(
            f"the store URL {parts.scheme}://…@{parts.hostname}{parts.path} carries "
            "credentials: give them as store_user and STANCEGRAPH_STORE_PASSWORD (or "
            "store_password_file) instead"
        )


def opener(url: str, credentials: Credentials | None) -> urllib.request.OpenerDirector:
    """An HTTP client that answers the Basic or Digest challenge of the store at ``url``."""
    check_url(url)
    if credentials is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, credentials.user, credentials.password)
    return urllib.request.build_opener(
        urllib.request.HTTPBasicAuthHandler(passwords),
        urllib.request.HTTPDigestAuthHandler(passwords),
    )
