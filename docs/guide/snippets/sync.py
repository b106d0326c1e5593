#!/usr/bin/env python3
"""Keeps the code blocks of the user guide equal to the programs in this folder.

A block in docs/guide/*.md written as

    <!-- snippet: snippets/models.cpp#neuron -->
    ```cpp
    ...
    ```
    <!-- /snippet -->

holds the lines of snippets/models.cpp between `//! begin neuron` and `//! end neuron`
(dedented; other `//!` marker lines dropped), or the whole file without a `#region`.
Paths are relative to docs/guide.

    python3 sync.py          rewrite the blocks from the files
    python3 sync.py --check  exit 1 (and name the block) if a block differs
"""
import pathlib
import re
import sys

GUIDE = pathlib.Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"(<!-- snippet: (?P<ref>[^ ]+) -->\n```(?P<lang>\w*)\n)(?P<body>.*?)(```\n<!-- /snippet -->)", re.S)


def region(path: pathlib.Path, name: str | None) -> str:
    lines = path.read_text().splitlines()
    if name is not None:
        try:
            start = next(i for i, l in enumerate(lines) if l.strip() == f"//! begin {name}")
            end = next(i for i, l in enumerate(lines) if l.strip() == f"//! end {name}")
        except StopIteration:
            sys.exit(f"sync.py: {path}: no region '{name}'")
        lines = lines[start + 1:end]
    lines = [l for l in lines if not l.strip().startswith("//! ")]
    indent = min((len(l) - len(l.lstrip()) for l in lines if l.strip()), default=0)
    return "\n".join(l[indent:] for l in lines).rstrip("\n") + "\n"


def main() -> int:
    check = "--check" in sys.argv[1:]
    stale = []
    for md in sorted(GUIDE.glob("*.md")):
        text = md.read_text()

        def fill(m: re.Match) -> str:
            ref = m.group("ref")
            file, _, name = ref.partition("#")
            body = region(GUIDE / file, name or None)
            if body != m.group("body"):
                stale.append(f"{md.name}: {ref}")
            return m.group(1) + body + m.group(5)

        new = BLOCK.sub(fill, text)
        if not check and new != text:
            md.write_text(new)
    if check and stale:
        print("sync.py: blocks differ from their files (run python3 docs/guide/snippets/sync.py):")
        print("\n".join("  " + s for s in stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
