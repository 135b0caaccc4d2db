// A tiny static server for build/wasm/site: label-URL paths (/C/<token>) get index.html, every
// response carries the same-origin-only CSP. For local use and tests, not production.
// Usage: node serve.mjs [--root DIR] [--host 127.0.0.1] [--port 8080] [--log FILE]
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
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

const server = http.createServer((req, res) => {
  const url = new URL(req.url, `http://${req.headers.host || host}`);
  if (log) log.write(JSON.stringify({ method: req.method, url: req.url }) + '\n');
  const file = req.method === 'GET' || req.method === 'HEAD' ? resolve(url.pathname) : null;
  const headers = {
    'Content-Security-Policy': kCsp, 'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-cache',
  };
  if (!file) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
    res.end('not found\n');
    return;
  }
  const body = fs.readFileSync(file);
  res.writeHead(200, { ...headers, 'Content-Type': kTypes[path.extname(file)] || 'application/octet-stream',
                       'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
});
server.listen(port, host, () => console.log(`serving ${root} on http://${host}:${port}/`));
