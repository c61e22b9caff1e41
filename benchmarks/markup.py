"""How long render_markdown() takes on hostile and ordinary texts at the comment and post limits.

    .venv/bin/python -m benchmarks.markup [REPEAT] [NAME-FILTER]

Prints a Markdown table: median and slowest of REPEAT runs (default 7), in milliseconds, for each
text of tests/markup/pathological.py at the comment and post limits (20,000 and 40,000
characters). Timings, not tests: the suite's bound (tests/markup/test_pathological.py) is
generous so it never flakes; these show the real margin on this machine.

The time is the CPU time of the rendering thread (cmark, nh3 and the Python around them all run in
it), so other work on a shared machine does not inflate it; on an idle core it is the wall time.
"""

import statistics
import sys
import time

from django.conf import settings

if not settings.configured:
    # render_markdown reads only ALLOWED_HOSTS (links.py), so no database or project settings.
    settings.configure(ALLOWED_HOSTS=["patrick.net", "localhost"])

from forum.markup import mentions, render_markdown  # noqa: E402
from tests.markup.pathological import LENGTHS, PATHOLOGICAL, REALISTIC, pretend_members  # noqa: E402

# No database here: @mentions are looked up among pretend members, as the markup tests do.
mentions.find_members = pretend_members


def timings(text, repeat):
    runs = []
    for _ in range(repeat):
        start = time.thread_time()
        render_markdown(text)
        runs.append((time.thread_time() - start) * 1000)
    return statistics.median(runs), max(runs)


def main(repeat=7, only=""):
    render_markdown("warm *up*")
    print(f"| text | {' | '.join(f'{n:,} chars median / max ms' for n in LENGTHS)} |")
    print(f"|---|{'---:|' * len(LENGTHS)}")
    worst = 0.0
    for kind, corpus in (("", PATHOLOGICAL), ("realistic: ", REALISTIC)):
        for name, build in corpus.items():
            if only.lower() not in name.lower():
                continue
            cells = []
            for length in LENGTHS:
                median, slowest = timings(build(length), repeat)
                worst = max(worst, slowest)
                cells.append(f"{median:.1f} / {slowest:.1f}")
            print(f"| {kind}{name} | {' | '.join(cells)} |", flush=True)
    print(f"\nSlowest single run: {worst:.1f} ms (CPU time of the rendering thread)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7, sys.argv[2] if len(sys.argv) > 2 else "")
