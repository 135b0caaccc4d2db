// A small static server for build/wasm/site: label-URL paths (/C/<token>) get index.html, every
// response carries the same-origin-only CSP, bodies are compressed (brotli or gzip, as the client
// accepts), immutable directories (core-<hash>/, vendor/zxing-wasm-<version>/) are cached for a
// year and everything else is revalidated (ETag). For local use and tests, not production:
// docs/WEB.md says how a real server does the same.
// Usage: node serve.mjs [--root DIR] [--host 127.0.0.1] [--port 8080] [--log FILE] [--faults FILE]
//   --log: one JSON line per request {method, url, status, encoding, bytes}
//   --faults: a JSON file read per request, for tests: {"trust": "hang" | "html"} makes every
//             /trust/* request hang or answer 200 with an HTML page (a stalled proxy, a portal).
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) =>
  (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const root = path.resolve(args.root || path.join(here, '..', 'build', 'wasm', 'site'));
const host = args.host || '127.0.0.1';
const port = Number(args.port || 8080);
const log = args.log ? fs.createWriteStream(args.log, { flags: 'a' }) : null;

export const kCsp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; " +
  "connect-src 'self'; img-src 'self' blob: data:; media-src 'self' blob: mediastream:; " +
  "style-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'; " +
  "frame-ancestors 'none'";
const kTypes = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png', '.txt': 'text/plain; charset=utf-8',
};
const kCompressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.wasm', '.svg', '.txt', '.tss']);
const kImmutable = /^\/(core-[0-9a-f]+|vendor\/zxing-wasm-[0-9][^/]*)\//;

function resolve(urlPath) {
  let p;
  try { p = decodeURIComponent(urlPath); } catch { return null; }
  const file = path.normalize(path.join(root, p));
  if (!file.startsWith(root)) return null;
  if (fs.existsSync(file) && fs.statSync(file).isFile()) return file;
  if (fs.existsSync(path.join(file, 'index.html'))) return path.join(file, 'index.html');
  // A label URL's last segment is a token, which has no '.' (FORMAT.md §3.2): serve the app.
  if (!path.basename(p).includes('.')) return path.join(root, 'index.html');
  return null;
}

// Compressed bodies, kept per file and modification time (files are replaced, not edited), made
// asynchronously and shared by concurrent requests; every compressible file is compressed once at
// start (a real server would serve precompressed files, docs/WEB.md).
const compressed = new Map();
const brotli = (raw) => new Promise((ok, fail) => zlib.brotliCompress(raw, { params: {
  [zlib.constants.BROTLI_PARAM_QUALITY]: raw.length > 512 * 1024 ? 9 : 11,
  [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }, (e, b) => (e ? fail(e) : ok(b))));
const gzip = (raw) => new Promise((ok, fail) => zlib.gzip(raw, { level: 9 }, (e, b) => (e ? fail(e) : ok(b))));
function bodyFor(file, encoding) {
  const stat = fs.statSync(file);
  const key = `${file}\0${stat.mtimeMs}\0${stat.size}\0${encoding}`;
  if (!compressed.has(key)) {
    compressed.set(key, (async () => {
      const raw = fs.readFileSync(file);
      const body = encoding === 'br' ? await brotli(raw) : (encoding === 'gzip' ? await gzip(raw) : raw);
      const etag = `"${crypto.createHash('sha256').update(raw).digest('hex').slice(0, 16)}${encoding ? '-' + encoding : ''}"`;
      return { body, etag };
    })());
  }
  return compressed.get(key);
}
function listFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
for (const f of listFiles(root)) {
  if (kCompressible.has(path.extname(f)) && !f.includes(`${path.sep}demo${path.sep}`)) {
    bodyFor(f, 'br').catch(() => {});
    bodyFor(f, 'gzip').catch(() => {});
  }
}

function faults() {
  if (!args.faults) return {};
  try { return JSON.parse(fs.readFileSync(args.faults, 'utf8')); } catch { return {}; }
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host || host}`);
  const record = (status, encoding, bytes) => {
    if (log) log.write(JSON.stringify({ method: req.method, url: req.url, status, encoding, bytes }) + '\n');
  };
  const headers = {
    'Content-Security-Policy': kCsp, 'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer', 'Vary': 'Accept-Encoding',
    'Cache-Control': kImmutable.test(url.pathname) ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (url.pathname.startsWith('/trust/')) {
    const f = faults().trust;
    if (f === 'hang') { record('hang', '', 0); return; }  // never answered
    if (f === 'html') {
      const page = '<!doctype html><title>Wi-Fi login</title><p>Please log in to use the Wi-Fi.</p>\n';
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
      res.end(page);
      record(200, '', page.length);
      return;
    }
  }
  const file = req.method === 'GET' || req.method === 'HEAD' ? resolve(url.pathname) : null;
  if (!file) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
    res.end('not found\n');
    record(404, '', 10);
    return;
  }
  const ext = path.extname(file);
  const accept = String(req.headers['accept-encoding'] || '');
  const encoding = !kCompressible.has(ext) ? '' : (/\bbr\b/.test(accept) ? 'br' : (/\bgzip\b/.test(accept) ? 'gzip' : ''));
  const { body, etag } = await bodyFor(file, encoding);
  const type = kTypes[ext] || 'application/octet-stream';
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ...headers, ETag: etag });
    res.end();
    record(304, encoding, 0);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': body.length, ETag: etag,
                       ...(encoding ? { 'Content-Encoding': encoding } : {}) });
  res.end(req.method === 'HEAD' ? undefined : body);
  record(200, encoding, req.method === 'HEAD' ? 0 : body.length);
});
server.listen(port, host, () => console.log(`serving ${root} on http://${host}:${port}/`));
