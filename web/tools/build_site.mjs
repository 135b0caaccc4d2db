// Assembles the static site (build/wasm/site): page files, our WASM, zxing-wasm's reader served
// locally, the demo world, the trust configuration, and a service worker listing what it caches.
// Usage: node build_site.mjs --out DIR --core traceseal_core.mjs [--cli build/native/traceseal]
//          [--root FILE --trust-list FILE] [--status A.tss,B.tss] [--base /]
// Without --root/--trust-list the demo world's root key, trust list and status snapshots become
// the site's. Status snapshots (FORMAT.md §9.3) go to trust/status/, listed in
// trust/status/index.json, next to the trust list: a deployer replaces them (and the index) daily.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const o = { base: '/' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (argv[i + 1] === undefined) throw new Error(`${argv[i]} needs a value`);
    o[key] = argv[i + 1];
  }
  if (!o.out || !o.core) throw new Error('usage: build_site.mjs --out DIR --core FILE.mjs [--cli FILE]');
  return o;
}

function copy(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

function listFiles(dir, rel = '') {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, r) : [r];
  });
}

// zxing-wasm's ES reader build: index.js imports ../share.js; the .wasm is located by worker.js.
// Its directory carries the package version, so every file in it is immutable (serve.mjs).
function copyZxing(out) {
  const pkg = path.join(webDir, 'node_modules', 'zxing-wasm');
  if (!fs.existsSync(path.join(pkg, 'package.json'))) {
    throw new Error(`${pkg} is missing: run 'npm ci' in web/ (scripts/test-web.sh does)`);
  }
  const version = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')).version;
  const dir = `vendor/zxing-wasm-${version}`;
  const v = path.join(out, dir);
  copy(path.join(pkg, 'dist/es/reader/index.js'), path.join(v, 'reader/index.js'));
  copy(path.join(pkg, 'dist/es/share.js'), path.join(v, 'share.js'));
  copy(path.join(pkg, 'dist/reader/zxing_reader.wasm'), path.join(v, 'reader/zxing_reader.wasm'));
  copy(path.join(pkg, 'LICENSE'), path.join(v, 'LICENSE'));
  return { version, dir };
}

// The demo world, minus its secret keys (keys/ stays in the build tree, never on the site).
function makeDemo(cli, out) {
  const world = path.join(path.dirname(out), 'demo-world');
  fs.rmSync(world, { recursive: true, force: true });
  execFileSync(cli, ['demo', '--out', world], { stdio: ['ignore', 'ignore', 'inherit'] });
  const manifest = JSON.parse(fs.readFileSync(path.join(world, 'manifest.json'), 'utf8'));
  const demo = path.join(out, 'demo');
  const files = new Set(['manifest.json', 'codes.txt', 'trust-list-body.json']);
  for (let i = 0; i + 1 < manifest.verify_args.length; i += 2) files.add(manifest.verify_args[i + 1]);
  for (const c of manifest.codes) for (const k of ['label', 'label_svg']) if (c[k]) files.add(c[k]);
  for (const f of files) {
    if (/key\.json$|DEMO-ONLY.*key/.test(f)) continue;
    if (fs.existsSync(path.join(world, f))) copy(path.join(world, f), path.join(demo, f));
  }
  const arg = (name) => {
    const i = manifest.verify_args.indexOf(name);
    return i >= 0 ? path.join(world, manifest.verify_args[i + 1]) : null;
  };
  const status = (manifest.status_files || []).map((f) => path.join(world, f));
  return { root: arg('--root'), trustList: arg('--trust-list'), status, codes: manifest.codes.length,
           clock: manifest.clock };
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  const out = path.resolve(o.out);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });

  const siteSrc = path.join(webDir, 'site');
  for (const f of listFiles(siteSrc)) if (f !== 'sw.js') copy(path.join(siteSrc, f), path.join(out, f));
  const index = path.join(out, 'index.html');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<base href="/">', `<base href="${o.base}">`));

  // Our module in a directory named by its hash: immutable, so servers may cache it for a year.
  const core = path.resolve(o.core);
  const coreWasm = core.replace(/\.mjs$/, '.wasm');
  const coreHash = createHash('sha256').update(fs.readFileSync(core)).update(fs.readFileSync(coreWasm))
    .digest('hex').slice(0, 12);
  const coreDir = `core-${coreHash}`;
  copy(core, path.join(out, coreDir, 'traceseal_core.mjs'));
  copy(coreWasm, path.join(out, coreDir, 'traceseal_core.wasm'));
  const zxing = copyZxing(out);
  // Preload what the worker will ask for, so the first visit does not wait for each import in
  // turn (the core's files are immutable, so the worker's own requests hit the HTTP cache).
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<script type="module" async src="boot.js"></script>',
    '<link rel="modulepreload" href="i18n.js">\n<link rel="modulepreload" href="camera.js">\n' +
    `<link rel="preload" href="${coreDir}/traceseal_core.mjs" as="script" crossorigin>\n` +
    `<link rel="preload" href="${coreDir}/traceseal_core.wasm" as="fetch" crossorigin>\n` +
    '<script type="module" async src="boot.js"></script>'));
  const workerFile = path.join(out, 'worker.js');
  fs.writeFileSync(workerFile, fs.readFileSync(workerFile, 'utf8')
    .replaceAll('./traceseal_core.mjs', `./${coreDir}/traceseal_core.mjs`)
    .replaceAll('vendor/zxing-wasm/', `${zxing.dir}/`));

  let demo = null;
  if (o.cli && fs.existsSync(o.cli)) demo = makeDemo(o.cli, out);
  else console.warn(`build_site: no native CLI at ${o.cli}; site/demo not made (build preset native first)`);
  const root = o.root || (demo && demo.root);
  const trustList = o.trustList || (demo && demo.trustList);
  if (root && trustList) {
    copy(root, path.join(out, 'trust/root.pub.json'));
    copy(trustList, path.join(out, 'trust/trust-list.json'));
  } else {
    console.warn('build_site: no trust configuration; the page will say it cannot verify');
  }
  // The demo clock (docs/WEB.md): only when the site's trust data is the demo world's own, never
  // for a site built with --root/--trust-list. Bound to the demo root, so trust files swapped
  // into a demo build later run on the device clock.
  const demoClock = !o.root && !o.trustList && demo && demo.clock && root && trustList ? demo.clock : null;
  if (demoClock) {
    const config = path.join(out, 'site-config.js');
    const rootKey = JSON.parse(fs.readFileSync(root, 'utf8')).public_key;
    const before = fs.readFileSync(config, 'utf8');
    const after = before.replace('export const kSiteConfig = { demo: null };',
      `export const kSiteConfig = ${JSON.stringify({ demo: { clock: demoClock, root_public_key: rootKey } })};`);
    if (after === before) throw new Error('build_site: site-config.js has no `demo: null` line to fill in');
    fs.writeFileSync(config, after);
  }
  // The worker fetches the index, then each file, and verifies them in the core (add_status).
  const status = o.status ? o.status.split(',').filter(Boolean) : (o.root ? [] : (demo ? demo.status : []));
  const names = status.map((f) => path.basename(f));
  for (let i = 0; i < status.length; i++) copy(status[i], path.join(out, 'trust/status', names[i]));
  if (root && trustList) {
    fs.mkdirSync(path.join(out, 'trust/status'), { recursive: true });
    fs.writeFileSync(path.join(out, 'trust/status/index.json'), JSON.stringify({ files: names }, null, 2) + '\n');
  }

  // The shell (what a label URL's verdict loads) is what the service worker caches at install,
  // from the HTTP cache; vendor/ is cached when first used. The version changes with any byte.
  const all = listFiles(out).filter((f) => !f.startsWith('demo/')).sort();
  // The inspector mode (inspector*.js/css) loads only at #inspector and needs the network: not shell.
  const shell = all.filter((f) => !f.startsWith('vendor/') && !f.startsWith('trust/') &&
                                  !f.startsWith('inspector') && f !== 'sw.js' && f !== 'build-info.json');
  const hash = createHash('sha256');
  for (const f of all) hash.update(f).update('\0').update(fs.readFileSync(path.join(out, f)));
  hash.update('sw.js\0').update(fs.readFileSync(path.join(siteSrc, 'sw.js')));
  const version = hash.digest('hex').slice(0, 16);
  const sw = fs.readFileSync(path.join(siteSrc, 'sw.js'), 'utf8')
    .replace('__TRACESEAL_VERSION__', version)
    .replace("'__TRACESEAL_SHELL__'", JSON.stringify(shell));
  fs.writeFileSync(path.join(out, 'sw.js'), sw);
  fs.writeFileSync(path.join(out, 'build-info.json'), JSON.stringify(
    { version, core_dir: coreDir, zxing_wasm: zxing.version, zxing_dir: zxing.dir, shell,
      demo_codes: demo ? demo.codes : 0, demo_clock: demoClock }, null, 2) + '\n');
  const precache = shell;
  console.log(`site ${version}: ${all.length + 1} files (shell ${precache.length}) in ${out}` +
              (demo ? `, demo world with ${demo.codes} codes` : '') + (demoClock ? `, demo clock ${demoClock}` : ''));
}

main();
