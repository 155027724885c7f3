#!/usr/bin/env python3

"""Download flags of top 20 countries by population, from conclab serve.

Sequential version: Fluent Python 2e's 20-executors/getflags/flags.py
(github.com/fluentpython/example-code-2e), with BASE_URL pointed at
`conclab serve` (the book's DELAY server address, port 8001) instead of
www.fluentpython.com. It asks for BASE_URL + '/{cc}/{cc}.gif' as the book
does; set the BASE_URL environment variable for another server.

The book fetches with httpx.get; this copy uses urllib.request from the
standard library, so that it runs without installing anything. Set
USE_HTTPX=1 to fetch with httpx as the book does (each httpx.get builds a
new client with an SSL context: about 45 ms of CPU per call, measured on
the 2-core machine of the README's figures).

    $ conclab serve              # in another terminal: every answer waits 0.5 s
    $ python3 flags.py
    BD BR CD CN DE EG ET FR ID IN IR JP MX NG PH PK RU TR US VN
    20 downloads in 10.16s
"""

import os
import time
from pathlib import Path
from typing import Callable

import urllib.request

if os.environ.get('USE_HTTPX'):
    import httpx  # as in the book (pip install httpx)
else:
    httpx = None

POP20_CC = ('CN IN US ID BR PK NG BD RU JP '
            'MX PH VN ET EG DE IR TR CD FR').split()

BASE_URL = os.environ.get('BASE_URL', 'http://127.0.0.1:8001/flags')
DEST_DIR = Path(os.environ.get('DEST_DIR', 'downloaded'))


def save_flag(img: bytes, filename: str) -> None:
    (DEST_DIR / filename).write_bytes(img)


def get_flag(cc: str) -> bytes:
    url = f'{BASE_URL}/{cc}/{cc}.gif'.lower()
    if httpx is not None:
        resp = httpx.get(url, timeout=6.1, follow_redirects=True)
        resp.raise_for_status()
        return resp.content
    with urllib.request.urlopen(url, timeout=6.1) as resp:  # raises on 4xx/5xx, follows redirects
        return resp.read()


def download_many(cc_list: list[str]) -> int:
    for cc in sorted(cc_list):
        image = get_flag(cc)
        save_flag(image, f'{cc}.gif')
        print(cc, end=' ', flush=True)
    return len(cc_list)


def main(downloader: Callable[[list[str]], int]) -> None:
    DEST_DIR.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    count = downloader(POP20_CC)
    elapsed = time.perf_counter() - t0
    print(f'\n{count} downloads in {elapsed:.2f}s')


if __name__ == '__main__':
    main(download_many)
