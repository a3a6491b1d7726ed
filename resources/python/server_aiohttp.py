# The notes' aiohttp application: one thread, one event loop, a
# coroutine per request.  Loop Lab's server answers the same two routes
# (app/net/ll-http-app.c) the same way, in C on the GLib main loop.
#
#   python3 server_aiohttp.py            serves on http://127.0.0.1:8080/
#   python3 server_aiohttp.py --block    /hello blocks the loop, as the
#                                        page's switch makes Loop Lab's do
#
# SPDX-License-Identifier: GPL-3.0-or-later

import html
import sys
import time

from aiohttp import web

BLOCK = "--block" in sys.argv


async def index(request):
    return web.Response(text="<h1>Index</h1>", content_type="text/html")


async def hello(request):
    if BLOCK:
        # time.sleep(), not await asyncio.sleep(): the whole thread stops,
        # and with it the loop and every other connection.
        time.sleep(0.05)
    name = html.escape(request.match_info["name"])
    return web.Response(text=f"<h1>hello, {name}!</h1>", content_type="text/html")


app = web.Application()
app.add_routes([web.get("/", index), web.get("/hello/{name}", hello)])

if __name__ == "__main__":
    # Several cores: start several of these processes, each its own loop
    # (Loop Lab: looplab-cli serve --workers N).
    web.run_app(app, host="127.0.0.1", port=8080)
