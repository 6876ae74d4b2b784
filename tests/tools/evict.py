#!/usr/bin/env python3
"""evict.py FILE...: drop FILE's pages from the page cache
(posix_fadvise POSIX_FADV_DONTNEED), so that `fincore` afterwards counts
only the pages a following command read or mapped (scripts/bench.sh).
Pages another process holds mapped, or dirty ones, may stay."""
import os
import sys

for path in sys.argv[1:]:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fdatasync(fd) if os.access(path, os.W_OK) else None
    except OSError:
        pass
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)
