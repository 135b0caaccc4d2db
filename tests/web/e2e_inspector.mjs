// End-to-end tests of the page's inspector mode (#inspector, issue 15; FORMAT.md §12) in Debian's
// chromium (playwright-core) against a real traceseal-registryd --demo on loopback serving the
// built site beside its API (--site): WebCrypto Ed25519 keys made non-extractable; the demo's
// enrolled police and market-regulator keys imported; login with the code read from the SMS
// outbox; a police lookup whose sale and pickup details open with the inspector key, and a
// market-regulator lookup of the same code where they stay sealed; wrong codes locked out; a
// replayed query and an expired session refused by the service; every lookup in the witnessed
// audit log (traceseal inspector audit); no CSP violation, no page error. Screenshots at 390x844
// (zh-CN, and en) in SHOTS_DIR (default build/wasm/test-web-inspector/screens).
// Usage: node tests/web/e2e_inspector.mjs [SITE_DIR] [SHOTS_DIR]   (Node 18+)
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { loadCore, repoRoot } from './core_node.mjs';

const require = createRequire(path.join(repoRoot, 'web', 'package.json'));
const { chromium } = require('playwright-core');

const site = path.resolve(process.argv[2] || path.join(repoRoot, 'build', 'wasm', 'site'));
const work = path.join(repoRoot, 'build', 'wasm', 'test-web-inspector');
const screens = path.resolve(process.argv[3] || path.join(work, 'screens'));
const cli = path.join(repoRoot, 'build', 'native', 'traceseal');
const registryd = path.join(repoRoot, 'build', 'native', 'traceseal-registryd');
const kChromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let failures = 0;
function check(cond, what) {
  console.log(`${cond ? 'ok  ' : 'FAIL'} ${what}`);
  if (!cond) failures++;
}

// The demo world the site was built from (build_site.mjs keeps it, with its keys, beside the site).
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(screens, { recursive: true });
const world = path.join(work, 'world');
fs.cpSync(path.join(path.dirname(site), 'demo-world'), world, { recursive: true });
const manifest = JSON.parse(fs.readFileSync(path.join(world, 'manifest.json'), 'utf8'));
const inspectorOf = (role) => manifest.inspectors.find((i) => i.role === role);
const keyPath = (rel) => path.join(world, rel);
const pickedUp = manifest.codes.find((c) => c.state === 'picked_up').code_number;

const server = spawn(registryd, ['--demo', world, '--site', site, '--listen', '127.0.0.1:0'],
                     { stdio: ['ignore', 'pipe', 'inherit'] });
const origin = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = /listening on (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  server.once('exit', (c) => reject(new Error(`traceseal-registryd exited ${c}`)));
});
const outbox = path.join(world, 'sms-outbox.jsonl');
/** The newest one-time code sent to `phone` (FORMAT.md §12.4: the demo sender's outbox file). */
function codeFromOutbox(phone) {
  const lines = fs.existsSync(outbox) ? fs.readFileSync(outbox, 'utf8').split('\n').filter(Boolean) : [];
  const last = lines.map((l) => JSON.parse(l)).filter((m) => m.phone === phone).pop();
  const m = last && /(\d{6})/.exec(last.text);
  return m ? m[1] : null;
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: kChromiumArgs });
const cspViolations = [];
const pageErrors = [];
const queries = [];  // the provenance requests the worker made, with their headers
async function newPage(locale) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
                                             isMobile: true, hasTouch: true, locale });
  context.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text()); });
  context.on('request', (r) => {
    if (r.url().includes('/v1/inspector/provenance/')) queries.push({ url: r.url(), headers: r.headers() });
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${origin}/#inspector`);
  await page.waitForSelector('[data-where="keys"]', { timeout: 30000 });
  return page;
}
const reasonIn = (page, where) =>
  page.getAttribute(`[data-where="${where}"] .message`, 'data-reason').catch(() => null);
async function waitMessage(page, where) {
  await page.waitForSelector(`[data-where="${where}"] .message`, { timeout: 30000 });
  return reasonIn(page, where);
}
async function importKeys(page, role) {
  const i = inspectorOf(role);
  await page.setInputFiles('#insp-keyfile', [keyPath(i.device_key), keyPath(i.inspector_key)]);
  const want = JSON.parse(fs.readFileSync(keyPath(i.device_key), 'utf8')).public_key;
  await page.waitForFunction((w) => document.querySelector('[data-testid="device-key"]')?.textContent === w &&
                                    document.querySelector('[data-testid="box-key"]'), want, { timeout: 15000 });
  return i;
}
async function requestCode(page, phone) {
  await page.fill('#insp-phone', phone);
  await page.click('#insp-get-code');
  await page.waitForSelector('[data-where="login"] .message.info', { timeout: 15000 });
  return codeFromOutbox(phone);
}
async function lookUp(page, code, caseRef) {
  await page.fill('#insp-query', code);
  if (caseRef !== undefined) await page.fill('#insp-case', caseRef);
  await page.click('#insp-fetch');
  await page.waitForSelector(`[data-testid="timeline"][data-code="${code}"], [data-where="query"] .message.error`, { timeout: 60000 });
}
const events = (page) => page.$$eval('[data-testid="event"]', (els) => els.map((e) => ({
  type: e.getAttribute('data-type'), sealed: e.getAttribute('data-sealed') === 'true',
  opened: e.getAttribute('data-opened') === 'true', text: e.textContent })));

try {
  // ---- Keys made in the browser: WebCrypto Ed25519, non-extractable -------------------------
  const police = await newPage('zh-CN');
  check(await police.evaluate(() => document.body.dataset.mode === 'inspector' &&
                                    getComputedStyle(document.querySelector('main')).display === 'none'),
        'inspector mode replaces the consumer page at #inspector');
  await police.click('#insp-generate');
  await police.waitForSelector('[data-testid="device-storage"]', { timeout: 15000 });
  check(await police.getAttribute('[data-testid="device-storage"]', 'data-kind') === 'webcrypto' &&
        await police.getAttribute('[data-testid="device-storage"]', 'data-non-extractable') === 'true',
        'a generated device key is a non-extractable WebCrypto Ed25519 key (Chromium supports it)');
  const generated = await police.textContent('[data-testid="device-key"]');
  check(/^[0-9a-f]{64}$/.test(generated || ''), `its public key is shown for enrolment (${generated})`);
  // An unenrolled key cannot log in: the service knows only the certificate's device key.
  const p = inspectorOf('police');
  const firstCode = await requestCode(police, p.phone);
  check(firstCode !== null, `a one-time code for ${p.phone} is in the SMS outbox`);
  await police.fill('#insp-code', firstCode);
  await police.click('#insp-login');
  check(await waitMessage(police, 'login') === 'request_bad_signature',
        'a login signed by a key that is not enrolled is refused (request_bad_signature)');

  // ---- The demo's enrolled police officer ---------------------------------------------------
  await importKeys(police, 'police');
  check(await police.getAttribute('[data-testid="device-storage"]', 'data-non-extractable') === 'true',
        'an imported device key file is held as a non-extractable WebCrypto key');
  const policeCode = await requestCode(police, p.phone);
  await police.fill('#insp-code', policeCode);
  await police.screenshot({ path: path.join(screens, 'inspector-login-zh.png'), fullPage: true });
  await police.click('#insp-login');
  await police.waitForSelector('[data-testid="session"]', { timeout: 15000 });
  check(await police.getAttribute('[data-testid="session"]', 'data-role') === 'police' &&
        (await police.textContent('[data-testid="session"]')).includes('海南省公安厅'),
        'login with the code from the outbox: a police session of the police agency, with its expiry');
  await lookUp(police, pickedUp, '');
  check(await reasonIn(police, 'query') === 'case_reference_required', 'a police lookup without a case reference is refused');
  await lookUp(police, pickedUp, 'CASE-2026-0042');
  const pe = await events(police);
  check(pe.some((e) => e.type === 'sell' && e.opened) && pe.some((e) => e.type === 'pickup' && e.opened),
        `police: the sale and the pickup of ${pickedUp} are opened with the inspector key (${pe.map((e) => e.type).join(', ')})`);
  check(pe.some((e) => e.type === 'pickup' && /Meilan|提货/.test(e.text)), 'police: the pickup place is shown');
  check((await police.textContent('[data-testid="verified"]')).includes('witness.example/demo'),
        'the bundle v2 verified on the device under the witnessed checkpoint');
  await police.screenshot({ path: path.join(screens, 'inspector-police-timeline-zh.png'), fullPage: true });

  // ---- Replay: the same signed query again is refused ---------------------------------------
  const q = queries[queries.length - 1];
  const replay = await fetch(q.url, { headers: { authorization: q.headers.authorization,
                                                 'traceseal-request': q.headers['traceseal-request'] } });
  const replayBody = await replay.json().catch(() => ({}));
  check(replay.status === 409 && replayBody.reason === 'request_replayed',
        `the page's signed query sent again is refused: ${replay.status} ${replayBody.reason}`);

  // ---- An expired session (signed by the demo's session key) is refused by the service -------
  const core = await loadCore();
  const stored = await police.evaluate(() => new Promise((resolve) => {
    const r = indexedDB.open('traceseal-inspector', 1);
    r.onsuccess = () => {
      const g = r.result.transaction('kv').objectStore('kv').get('session');
      g.onsuccess = () => resolve(g.result.token);
    };
  }));
  const envelope = JSON.parse(stored);
  const claims = JSON.parse(envelope.signed);
  const iso = (s) => new Date(s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const nowS = Math.floor(Date.now() / 1000);
  claims.issued_at = iso(nowS - 7200);
  claims.expires_at = iso(nowS - 3600);
  const seedKey = (hex) => crypto.createPrivateKey({ key: Buffer.concat([
    Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(hex.slice(0, 64), 'hex')]), format: 'der', type: 'pkcs8' });
  const sessionKey = seedKey(JSON.parse(fs.readFileSync(path.join(world, 'keys', 'DEMO-ONLY-service-session.key.json'), 'utf8')).secret_key);
  const signedClaims = JSON.stringify(claims);
  const expired = JSON.stringify({ type: envelope.type, version: 1, signed: signedClaims,
    signature: crypto.sign(null, Buffer.concat([Buffer.from('traceseal-session-v1\0'), Buffer.from(signedClaims)]), sessionKey).toString('hex') });
  const device = seedKey(JSON.parse(fs.readFileSync(keyPath(p.device_key), 'utf8')).secret_key);
  const body = core.inspector_query_body(claims.session, pickedUp, 'CASE-2026-0042', nowS, crypto.randomBytes(16).toString('hex'));
  const request = core.inspector_signed_request(body.body, new Uint8Array(crypto.sign(null, Buffer.from(body.message), device)));
  const b64 = (s) => Buffer.from(s).toString('base64');
  const exp = await fetch(`${origin}/v1/inspector/provenance/${pickedUp}`, {
    headers: { Authorization: `TraceSeal-Session ${b64(expired)}`, 'TraceSeal-Request': b64(request) } });
  const expBody = await exp.json().catch(() => ({}));
  check(exp.status === 401 && expBody.reason === 'session_expired',
        `a session past its expiry (validly signed) is refused: ${exp.status} ${expBody.reason}`);
  // The page holding it asks to log in again instead of querying.
  await police.evaluate((token) => new Promise((resolve) => {
    const r = indexedDB.open('traceseal-inspector', 1);
    r.onsuccess = () => {
      const t = r.result.transaction('kv', 'readwrite');
      t.objectStore('kv').put({ token }, 'session');
      t.oncomplete = () => resolve(undefined);
    };
  }), expired);
  await police.reload();
  await police.waitForSelector('[data-where="keys"]', { timeout: 30000 });
  check(await police.$('[data-testid="session"]') === null && await police.$('#insp-login') !== null,
        'the page with an expired session shows the login again');

  // ---- Market regulator: the same code, sale and pickup stay sealed --------------------------
  const market = await newPage('zh-CN');
  const m = await importKeys(market, 'market_regulator');
  await market.fill('#insp-code', await requestCode(market, m.phone));
  await market.click('#insp-login');
  await market.waitForSelector('[data-testid="session"][data-role="market_regulator"]', { timeout: 15000 });
  check(await market.$('#insp-case') === null, 'market regulator: no case reference asked');
  await lookUp(market, pickedUp);
  const me = await events(market);
  check(me.some((e) => e.type === 'pickup' && e.sealed && !e.opened) && !me.some((e) => e.opened),
        `market regulator: the pickup of ${pickedUp} is sealed and not opened (${me.map((e) => `${e.type}${e.opened ? '+' : ''}`).join(', ')})`);
  check(me.some((e) => e.type === 'pickup' && e.text.includes('无权查看')), 'market regulator: it says the role may not see the details');
  check(me.some((e) => e.type === 'activate' && !e.sealed), 'market regulator: the activation (store, date) is in clear');
  await market.screenshot({ path: path.join(screens, 'inspector-market-timeline-zh.png'), fullPage: true });
  await market.click('#lang');
  await market.waitForFunction(() => document.querySelector('[data-testid="timeline"] h3')?.textContent?.startsWith('History'));
  check((await market.textContent('[data-testid="timeline"]')).includes('your role may not see them'), 'English: the sealed note in English');
  await market.screenshot({ path: path.join(screens, 'inspector-market-timeline-en.png'), fullPage: true });
  await market.click('#lang');

  // ---- Wrong codes: the 5th locks the number, then even the right code is refused -----------
  const customs = await newPage('zh-CN');
  const c = await importKeys(customs, 'customs');
  const right = await requestCode(customs, c.phone);
  const wrong = right === '000000' ? '111111' : '000000';
  const seen = [];
  for (let k = 0; k < 5; k++) {
    await customs.fill('#insp-code', wrong);
    await customs.click('#insp-login');
    seen.push(await waitMessage(customs, 'login'));
    await customs.evaluate(() => document.querySelector('[data-where="login"] .message')?.remove());
  }
  check(seen.slice(0, 4).every((r) => r === 'login_code_invalid') && ['login_code_invalid', 'login_locked'].includes(seen[4]),
        `wrong codes: ${seen.join(', ')}`);
  await customs.fill('#insp-code', right);
  await customs.click('#insp-login');
  check(await waitMessage(customs, 'login') === 'login_locked', 'after 5 wrong codes the right code is refused (login_locked)');
  check((await customs.textContent('[data-where="login"] .message')).includes('锁定'), 'the lockout is said in words (zh-CN)');

  // ---- Every lookup is in the witnessed audit log -------------------------------------------
  const vkey = (args) => execFileSync(cli, args, { encoding: 'utf8' }).trim();
  const auditVkey = vkey(['log', 'vkey', '--key', path.join(world, 'keys', 'DEMO-ONLY-service-audit.key.json'), '--origin', 'ts.example/audit/1']);
  const witnessVkey = vkey(['witness', 'vkey', '--key', path.join(world, 'keys', 'DEMO-ONLY-witness.key.json'), '--name', 'witness.example/demo']);
  const audit = JSON.parse(execFileSync(cli, ['inspector', 'audit', '--json', '--dir', path.join(world, 'audit-log'),
                                              '--log-vkey', auditVkey, '--witness', witnessVkey], { encoding: 'utf8' }));
  const recs = audit.records || [];
  check(audit.verified === true, `the audit log verifies offline under its witness (${recs.length} records)`);
  check(recs.some((r) => r.role === 'police' && r.code === pickedUp && r.case_reference === 'CASE-2026-0042'),
        'the police lookup is in the audit log with its case reference');
  check(recs.some((r) => r.role === 'market_regulator' && r.code === pickedUp), 'the market-regulator lookup is in the audit log');
  check(recs.length === 2, `only answered lookups are recorded (${recs.length}: the refused ones are not)`);

  check(cspViolations.length === 0, `no CSP violations (${cspViolations.slice(0, 2).join(' | ')})`);
  check(pageErrors.length === 0, `no page errors (${pageErrors.slice(0, 2).join(' | ')})`);
} catch (e) {
  console.log(`FAIL ${e.stack || e}`);
  failures++;
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
console.log(failures ? `${failures} inspector check(s) failed` : 'inspector end-to-end: all checks passed');
console.log(`screenshots: ${screens}`);
process.exit(failures ? 1 : 0);
