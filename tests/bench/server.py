#!/usr/bin/python3
# Server peer: the notes' aiohttp application (resources/python/
# server_aiohttp.py, the server page's rendering, without its --block),
# as its users would run it (web.run_app, its defaults), under Debian's
# python3-aiohttp.  Run by `looplab-cli bench server`, which loads it
# with wrk beside `looplab-cli serve`.
#
# Usage: server.py PORT     (listens on 127.0.0.1 only)
#        server.py --version
#
# SPDX-License-Identifier: GPL-3.0-or-later

import html
import os
import platform
import sys

# Python puts this script's directory first on the path, where copy.py
# (the copy benchmark's driver) would stand in for the standard library's
# copy module, which aiohttp imports.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != HERE]

import aiohttp  # noqa: E402  (after the path is mended)
from aiohttp import web  # noqa: E402


async def index(request):
    return web.Response(text="<h1>Index</h1>", content_type="text/html")


async def hello(request):
    name = html.escape(request.match_info["name"])
    return web.Response(text=f"<h1>hello, {name}!</h1>", content_type="text/html")


def main():
    if sys.argv[1] == "--version":
        print(f"aiohttp {aiohttp.__version__} (Python {platform.python_version()})")
        return

    app = web.Application()
    app.add_routes([web.get("/", index), web.get("/hello/{name}", hello)])
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)


if __name__ == "__main__":
    main()
