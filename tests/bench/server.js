#!/usr/bin/env node
// Server peer: the notes' two routes on Node.js's own `http` module, as
// its users would write them (http.createServer, its defaults).  Run by
// `looplab-cli bench server`, which loads it with wrk beside
// `looplab-cli serve`.
//
// Usage: node server.js PORT     (listens on 127.0.0.1 only)
//        node server.js --version
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const http = require('http');

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function answer (res, status, html, extra) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    ...extra,
  });
  res.end(html);
}

function main () {
  if (process.argv[2] === '--version') {
    console.log(`Node.js ${process.version}`);
    return;
  }

  const server = http.createServer((req, res) => {
    const path = req.url.split('?')[0];
    const hello = /^\/hello\/([^/]+)$/.exec(path);

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      answer(res, 405, '<h1>405 Method Not Allowed</h1>', { Allow: 'GET, HEAD' });
    } else if (path === '/') {
      answer(res, 200, '<h1>Index</h1>');
    } else if (hello !== null) {
      let name;
      try {
        name = decodeURIComponent(hello[1]);
      } catch (e) {
        answer(res, 400, '<h1>400 Bad Request</h1>');
        return;
      }
      answer(res, 200, `<h1>hello, ${name.replace(/[&<>"']/g, (c) => ESCAPES[c])}!</h1>`);
    } else {
      answer(res, 404, '<h1>404 Not Found</h1>');
    }
  });

  server.listen(Number(process.argv[2]), '127.0.0.1');
}

main();
