// Bundle v2 verification work under WASM (FORMAT.md §10.13), in Node: one cosigned checkpoint
// (log signature + 3 cosignatures, from tests/vectors/tlog_v2.json) and the six inclusion proofs
// of a 3-event bundle at 10^9 entries (3 events x 30 hashes, index entry 21, segment map 6,
// serial 20), proofs made valid with Node's SHA-256; then the real bundle v2 that bench_tlog
// measured on its 10^7-entry log (build/bench-tlog.bundle.json, when present) through
// verify_bundle_v2. Usage: node tests/web/bench_tlog.mjs [BUILD_DIR] [BUNDLE_JSON]
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadCore, repoRoot } from './core_node.mjs';

const core = await loadCore(process.argv[2]);
const doc = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tests', 'vectors', 'tlog_v2.json'), 'utf8'));
const group = doc.testGroups.find((g) => g.type === 'CheckpointVerify');
const note = group.tests.find((t) => t.comment === 'all three witnesses').note;
const p = group.policy;
const noteB64 = Buffer.from(note, 'utf8').toString('base64');

const sha = (...parts) => crypto.createHash('sha256').update(Buffer.concat(parts)).digest();
// RFC 9162 inclusion for the last... any index: chain as verify.go does (inner then border).
function makeProof(index, size) {
  const inner = (index ^ (size - 1)).toString(2).length - (index ^ (size - 1) ? 0 : 1);
  let ones = 0;
  for (let x = Math.floor(index / 2 ** inner); x > 0; x = Math.floor(x / 2)) ones += x % 2;
  const leaf = crypto.randomBytes(32);
  const proof = [];
  let h = leaf;
  for (let i = 0; i < inner + ones; i++) {
    const s = crypto.randomBytes(32);
    proof.push(s);
    const right = i < inner ? Math.floor(index / 2 ** i) % 2 === 1 : true;
    h = right ? sha(Buffer.from([1]), s, h) : sha(Buffer.from([1]), h, s);
  }
  const lines = proof.map((x) => `${x.toString('base64')}\n`).join('');
  return { index: String(index), size: String(size), leaf: leaf.toString('base64'), lines, root: h.toString('base64') };
}
const N = 1e9;
const proofs = [makeProof(123456789, N), makeProof(456789012, N), makeProof(987654321, N),
  makeProof(N - 1, N), makeProof(40, 64), makeProof(765432, 1000000)];
for (const q of proofs) {
  const got = core.tlog_verify_inclusion(q.index, q.size, q.leaf, q.lines, q.root);
  if (got !== 'valid') throw new Error(`synthetic proof refused: ${got}`);
}
if (core.tlog_verify_checkpoint(noteB64, p.origin, p.log_vkey, p.witnesses.join('\n'), 3) !== 'valid')
  throw new Error('checkpoint refused');

const reps = 200;
let t0 = process.hrtime.bigint();
for (let r = 0; r < reps; r++) core.tlog_verify_checkpoint(noteB64, p.origin, p.log_vkey, p.witnesses.join('\n'), 3);
const noteMs = Number(process.hrtime.bigint() - t0) / 1e6 / reps;
t0 = process.hrtime.bigint();
for (let r = 0; r < reps; r++)
  for (const q of proofs) core.tlog_verify_inclusion(q.index, q.size, q.leaf, q.lines, q.root);
const proofMs = Number(process.hrtime.bigint() - t0) / 1e6 / reps;
const hashes = proofs.reduce((n, q) => n + q.lines.split('\n').length - 1, 0);
console.log(`checkpoint note (log + 3 cosignatures, 4 Ed25519): ${noteMs.toFixed(3)} ms`);
console.log(`6 inclusion proofs (${hashes} hashes): ${proofMs.toFixed(3)} ms`);
console.log(`bundle v2 verification work at 10^9 entries under WASM: ${(noteMs + proofMs).toFixed(3)} ms`);

// A whole bundle v2 through verify_bundle_v2 (the BundleVerify vector of a complete history; a
// small log, so its proofs are short: the figure above is the one at 10^9).
const bg = doc.testGroups.find((g) => g.type === 'BundleVerify');
const bt = bg.tests.find((t) => t.comment === "a code's three events, complete");
const bp = bg.policy;
const verifyBundle = () => core.tlog_verify_bundle(bt.bundle, bp.origin, bp.log_vkey,
  bp.witnesses.join('\n'), bp.quorum, bt.segments[0], bt.segments[1], bt.code, '');
if (verifyBundle() !== 'valid') throw new Error('bundle refused');
t0 = process.hrtime.bigint();
for (let r = 0; r < reps; r++) verifyBundle();
const bundleMs = Number(process.hrtime.bigint() - t0) / 1e6 / reps;
console.log(`verify_bundle_v2 of a ${Buffer.from(bt.bundle, 'base64').length}-byte bundle (3 events, 2 cosignatures): ${bundleMs.toFixed(3)} ms`);

// The real bundle v2 of bench_tlog's 10^7-entry log (3 events, 2 sealed, 3 cosignatures).
const realPath = process.argv[3] ?? path.join(repoRoot, 'build', 'bench-tlog.bundle.json');
if (fs.existsSync(realPath)) {
  const rb = JSON.parse(fs.readFileSync(realPath, 'utf8'));
  const verifyReal = () => core.tlog_verify_bundle(rb.bundle, rb.origin, rb.log_vkey,
    rb.witnesses.join('\n'), rb.quorum, rb.segments[0], rb.segments[1], rb.code, '');
  const got = verifyReal();
  if (got !== 'valid') throw new Error(`bench_tlog's bundle refused: ${got}`);
  t0 = process.hrtime.bigint();
  for (let r = 0; r < reps; r++) verifyReal();
  const realMs = Number(process.hrtime.bigint() - t0) / 1e6 / reps;
  console.log(`verify_bundle_v2 of bench_tlog's ${Buffer.from(rb.bundle, 'base64').length}-byte bundle at ${rb.size} entries (3 events, 3 cosignatures) under WASM: ${realMs.toFixed(3)} ms (mean of ${reps})`);
} else {
  console.log(`(${realPath} missing: run build/native/bench/bench_tlog first for the real bundle's figure)`);
}
