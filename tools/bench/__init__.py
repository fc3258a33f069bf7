"""`make bench`: build synthetic networks of 100 to 4,000 playbooks and check the scale targets.

Run as ``python -m tools.bench [--sizes 100 1000 4000] [--profile SIZE] [--out bench/results]``.
For each size it generates a network (100 members, N playbooks valid against
the real schemas, cross-linked) in a temporary folder, then measures the strict
build, the Python-Markdown floor for the same pages, peak memory, output and
page sizes, the search index and the link check. It writes the table as
Markdown and JSON and exits non-zero naming every target it misses.

- corpus: the synthetic network, generated the same for the same size;
- harness: running and measuring the build, the Markdown floor and the link check;
- profiling: call counts and growth between sizes, and where a build's time goes (cProfile);
- browser: the finder and search in Chromium (bytes and keystroke until the right result comes first);
- search: `make bench ONLY=search`, search alone at each size;
- material_search: Material's own search, tuned, measured beside the site's engine in the same run;
- report: the scale targets, their verdicts and the results table;
- __main__: the command line.
"""
