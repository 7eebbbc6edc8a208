"""Fetch a catalog's file from its public address (stdlib urllib): a timeout, a size cap, and one
clear error for every way a download fails, so the caller keeps the previous snapshot."""

from __future__ import annotations

from collections.abc import Callable

from fmcli import __version__
from fmcli.errors import DownloadError, UsageProblem, shorten

CHUNK = 1 << 16


def download(url: str, *, timeout: float, limit: int,
             progress: Callable[[int, int | None], None] | None = None) -> bytes:
    """The body at `url` (http or https), at most `limit` bytes, or DownloadError saying why not.
    `progress` hears the bytes read so far and the whole size when the server states it."""
    import http.client
    import socket
    import urllib.error
    import urllib.request

    if not url.startswith(("https://", "http://")):
        raise UsageProblem(f"--url takes an http(s) address, not '{shorten(url)}'")
    where = shorten(url, 80)
    request = urllib.request.Request(url, headers={"User-Agent": f"fm/{__version__}", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, above
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise DownloadError(f"{where} sends {int(declared):,} bytes, more than a catalog's "
                                    f"{limit:,}; nothing changed")
            chunks, size = [], 0
            total = int(declared) if declared.isdigit() else None
            while chunk := response.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise DownloadError(f"{where} sent more than {limit:,} bytes; stopped, nothing changed")
                chunks.append(chunk)
                if progress is not None:
                    progress(size, total)
            if total is not None and size < total:  # read(n) ends short instead of raising
                raise http.client.IncompleteRead(b"".join(chunks), total - size)
            return b"".join(chunks)
    except urllib.error.HTTPError as exc:
        raise DownloadError(f"{where} answered HTTP {exc.code} {exc.reason}; nothing changed") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise DownloadError(f"{where} did not answer within {timeout:g} s; nothing changed") from None
        raise DownloadError(f"cannot reach {where}: {getattr(reason, 'strerror', None) or reason} "
                            "(offline?); nothing changed") from None
    except (TimeoutError, socket.timeout):
        raise DownloadError(f"{where} did not answer within {timeout:g} s; nothing changed") from None
    except http.client.IncompleteRead as exc:
        raise DownloadError(f"the download from {where} was cut short after {len(exc.partial):,} bytes; "
                            "nothing changed") from None
    except (http.client.HTTPException, OSError) as exc:
        raise DownloadError(f"the download from {where} failed ({type(exc).__name__}: "
                            f"{shorten(str(exc), 80)}); nothing changed") from None
