#!/usr/bin/env python3

"""Download flags of top 20 countries by population, from conclab serve.

ThreadPoolExecutor version: Fluent Python 2e's
20-executors/getflags/flags_threadpool.py, on flags.py beside it. An
optional argument sets max_workers; without it the pool has the book's
default size, min(32, os.cpu_count() + 4) threads (CPython 3.8 to 3.12;
3.13 counts os.process_cpu_count()): 6 on a 2-core machine, so 20
downloads take 4 rounds. With 20 workers they all wait at once.

    $ python3 flags_threadpool.py      # 6 workers on 2 cores
    20 downloads in 2.06s
    $ python3 flags_threadpool.py 20   # a thread per flag
    20 downloads in 0.56s
"""

import sys
from concurrent import futures

from flags import save_flag, get_flag, main


def download_one(cc: str):
    image = get_flag(cc)
    save_flag(image, f'{cc}.gif')
    print(cc, end=' ', flush=True)
    return cc


def download_many(cc_list: list[str]) -> int:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else None  # None: the book's default
    with futures.ThreadPoolExecutor(max_workers=workers) as executor:
        res = executor.map(download_one, sorted(cc_list))

    return len(list(res))


if __name__ == '__main__':
    main(download_many)
