"""`make linkcheck`: check every link and #anchor of a built site with linkchecker.

Run as ``python -m tools.linkcheck SITE_DIR [--external]`` (`make linkcheck`,
`make linkcheck-external`).

The built site is served on a free loopback port with a ``LinkChecker``
header, so linkchecker's per-request pause gives way to the rate in the
checked-in ``linkcheckerrc``. One linkchecker process runs per core, each
started from a generated page listing its share of the site's HTML files, so
links written as raw HTML (which the MkDocs build cannot see) and pages linked
from nowhere are checked too, and each page is fetched and parsed once however
many #anchors point into it. After the crawl, every link's #anchor is checked
in one pass over the built files, one parse a page. Each broken link or anchor
is printed with the page and line that hold it and the Markdown source the
page was built from; the exit code is 1 then, 0 when everything resolves and
2 when the check could not run. The server and linkchecker stop whatever
happens (an error, Ctrl-C, SIGTERM or SIGHUP).

``--external`` fetches external URLs as well (timeout, retries, linkchecker's
per-host rate limit; HTTP 429 counts as reachable) and skips the site's own
published address, ``SITE_URL``.

Modules:

- server: the loopback HTTP server of a built site (the project's only one:
  the browser tests serve their sites with it too) and the start pages;
- runner: linkchecker processes, each page fetched and parsed once, and the
  broken links they found;
- anchors: the one-parse pass that checks every link's #anchor;
- report: linkchecker's CSV output read, and the broken links printed by page
  and source;
- __main__: the command line.
"""
