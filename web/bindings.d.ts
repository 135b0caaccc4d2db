// Types of the embind surface: web/bindings.cpp (the page's worker, build/wasm/web/traceseal_core.mjs)
// and, in the Node flavour traceseal_core_node.cjs only, web/bindings_test.cpp. Every function
// returns a fresh plain value: nothing to .delete(). Times are seconds since 1970-01-01 UTC as JS
// numbers (the core's UnixTime). Binary files (status snapshots, bundles, keys) are Uint8Arrays.
// web/site/*.js is type-checked against this file (`npx tsc -p web/tsconfig.json`, in
// scripts/test-web.sh), so the binding and the page cannot drift apart silently.

export type Verdict = 'genuine' | 'warning' | 'invalid' | 'foreign' | 'no_code';
export type CodeState = 'issued' | 'activated' | 'sold' | 'picked_up' | 'unbound' | 'voided' | 'superseded';

/** A refusal: `reason` is the core's stable snake_case reason code (docs/FORMAT.md §7). */
export interface Refusal {
  ok: false;
  reason: string;
  verdict: Verdict;
  detail: string;
}

export interface Names { en: string; zh: string }

/** The trust list the core holds (what the page shows as "trust list as of <issued_at>"). */
export interface TrustInfo {
  ok: true;
  sequence: number;
  issued_at: string;      // "YYYY-MM-DDTHH:MM:SSZ"
  expires_at: string;
  expired: boolean;       // at the `now` passed in
  authority: string;
  label_prefix: string;   // e.g. "HTTPS://TS.EXAMPLE/C/"
  root_key_id: string;
  operators: Record<string, Names>;  // operator id -> names (the page shows names, not ids)
  /** §12.1: agency id -> its role and names (the inspector mode shows the session's agency). */
  agencies: Record<string, Names & { role: InspectorRole }>;
  replaced?: boolean;     // update_trust only: the held list changed
}

/** One object of `traceseal verify --json` (docs/FORMAT.md §6.2), after JSON.parse. */
export interface Assessment {
  input: string;
  verdict: Verdict;
  reasons: string[];
  text?: string;
  verified?: boolean;     // false: `fields` are the code's claims only, never facts
  /** From core once issue 9 lands: signature and trust chain hold / show the duty-free reminder. */
  authentic?: boolean;
  reminder?: boolean;
  fields?: {
    version: number; key_id: number; operator: number; category: number;
    issue_date: string; segment: number; serial: number; code_number: string; nonce: string;
    operator_name?: Names;
    category_name?: Names;
  };
  /** A typed code number (§6.3): "SSSSSSSS-NNNNNNNN"; then there are no `fields`. */
  code_number?: string;
  /** Lifecycle (§9.5): present only when status data covered the code's segment. */
  state?: CodeState | null;
  context?: string;
  status?: { sequence: number; issued_at: string; valid_until: string };
  format?: string;
  outline?: number[][];
}

/** The core's message catalog for one language. */
export interface Messages {
  lang: 'zh-CN' | 'en';
  verdicts: Record<Verdict, string>;
  reasons: Record<string, string>;
  states: Record<CodeState, string>;
  reminder: string;       // 关税未付 禁止倒卖 / duty unpaid, resale prohibited
}

export interface StatusInfo {
  ok: true; segment: number; operator: number; sequence: number;
  issued_at: string; valid_until: string; stale: boolean;
}

export type InspectorRole = 'customs' | 'police' | 'market_regulator';
/** FORMAT.md §12.3 field groups. */
export type FieldGroup = 'state' | 'operator' | 'product' | 'event_types' | 'store' | 'event_dates' |
  'sale' | 'pickup' | 'return';

/** A request body (§12.5) and the exact bytes its signature covers (context || 0x00 || body). */
export interface RequestBody { ok: true; body: string; message: Uint8Array; code_number?: string }

/** A key pair made from a seed or read from a key file; `secret` is the libsodium secret key
 *  (device: 64 bytes, seed || public key; inspector: 32-byte X25519 secret). */
export interface KeyMaterial {
  ok: true; kind?: 'device' | 'inspector'; public_key: string; secret: Uint8Array;
  public_file: string;     // the public key file (§4.2 role device, or §10.16), for `inspector enrol`
}

/** A session token's claims as this browser reads them (NOT verified: the service verifies). */
export interface SessionClaims {
  ok: true; session: string; phone: string; role: InspectorRole; agency: number;
  device_key: string; inspector_key: string; issued_at: string; expires_at: string;
  expired: boolean; case_reference_required: boolean; may_open: Record<FieldGroup, boolean>;
}

export interface EventDetails { time: string; actor: string; place: string; reason: string }

/** One event of a verified bundle v2 (§10.7), oldest first. */
export interface TimelineEvent {
  index: number; type: string; state: CodeState; related: string;
  sealed: boolean;
  group: FieldGroup | null;      // the sealed group of its details (sell, pickup, unbind)
  may_open: boolean;             // the session's role may open that group (§12.3)
  details: EventDetails | null;  // clear, or opened with the inspector key
  unreadable: string | null;     // sealed_details_unreadable when withheld / another key / altered
}

/** A bundle v2 verified by §10.13 against the held trust list and checkpoint. */
export interface Timeline {
  ok: true; code_number: string; origin: string; size: number; witnesses: string[]; quorum: number;
  held_size: number | null;
  checkpoint: string;            // the checkpoint note now held for `origin`
  events: TimelineEvent[];
}

/** The page's surface (web/bindings.cpp). */
export interface TracesealCore {
  /** Verify `trustListJson` against the root public key file and hold it, unconditionally. */
  set_trust(rootKeyJson: string, trustListJson: string, now: number): TrustInfo | Refusal;
  /** Verify and accept a newer list only (accept_trust_list_update: rollback and conflict refused). */
  update_trust(rootKeyJson: string, trustListJson: string, now: number): TrustInfo | Refusal;
  current_trust(now: number): TrustInfo | null;
  /** A status snapshot (the file's bytes, FORMAT.md §9.3) verified and kept per segment. */
  add_status(snapshot: Uint8Array, now: number): StatusInfo | Refusal;
  clear_status(): void;
  /** A code text or typed code number (§6.3) against the held data: Assessment JSON ('' if no list). */
  assess(text: string, now: number, input: string): string;
  /** The Assessment JSON of an image with no code in it. */
  assess_no_code(input: string): string;
  /** 'zh-CN' (any 'zh…' tag) or 'en'. */
  messages(lang: string): Messages;

  // ---- Inspector mode (web/bindings_inspector.cpp, FORMAT.md §12) ----
  inspector_login_body(phone: string, code: string, now: number, nonce: string): RequestBody | Refusal;
  /** `code`: a printed code number or a scanned code text (its number once authentic). */
  inspector_query_body(session: string, code: string, caseReference: string, now: number,
                       nonce: string): RequestBody | Refusal;
  /** The signed request (§12.5) around a 64-byte signature of `message`; '' on a wrong size. */
  inspector_signed_request(body: string, signature: Uint8Array): string;
  /** Signs with a libsodium secret key (64 bytes) in the worker; '' on a wrong size. */
  inspector_sign_request(body: string, secret: Uint8Array): string;
  inspector_device_key_from_seed(seed: Uint8Array): KeyMaterial | Refusal;
  /** The device public key file of a raw 32-byte Ed25519 public key (a WebCrypto key's). */
  inspector_device_public_file(publicKey: Uint8Array): string;
  inspector_box_key_from_seed(seed: Uint8Array): KeyMaterial | Refusal;
  /** A device secret key file (§4.2) or an inspector secret key file (§10.16). */
  inspector_read_key_file(text: string): KeyMaterial | Refusal;
  inspector_session_claims(token: string, now: number): SessionClaims | Refusal;
  /** §10.13, then holds the bundle's checkpoint; `code` '' accepts the bundle's own code. */
  inspector_verify_bundle(bundle: Uint8Array, code: string, role: string, boxSecret: Uint8Array):
      Timeline | Refusal;
  /** A checkpoint note kept from before, held again (§10.9 rule). */
  inspector_hold_checkpoint(note: string): { ok: true; origin: string; size: number } | Refusal;
}

export interface Sighting { latitude: number; longitude: number; at: number }

/** Test-only functions (web/bindings_test.cpp), in traceseal_core_node.cjs only. */
export interface TracesealCoreForTests extends TracesealCore {
  /** assess() in another scan context with prior sightings. */
  assess_in_context(text: string, now: number, input: string, context: string,
                    prior: Sighting[], here: Sighting | null): string;
  /** A provenance bundle (FORMAT.md §10) against the held trust list; `held` may be empty. */
  verify_provenance(bundle: Uint8Array, code: string, held: Uint8Array): { ok: true; records: number } | Refusal;
  /** Opens record `index`'s sealed details with an inspector's X25519 secret key (32 bytes). */
  open_provenance_details(bundle: Uint8Array, index: number, secret: Uint8Array):
      { ok: true; actor: string; place: string; time: string } | Refusal;
  /** RFC 8032 Ed25519 verify (test vectors); false on wrong sizes. */
  ed25519_verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  /** Transparency log (FORMAT.md §10 v2), for the vectors: each returns 'valid' or a reason
   *  word. Witness vkeys are joined with '\n'. */
  tlog_verify_checkpoint(noteB64: string, origin: string, logVkey: string, witnesses: string,
                         quorum: number): string;
  tlog_parse_vkey(vkey: string, type: number): string;
  /** u64 values as decimal strings; proof hashes each followed by '\n'. */
  tlog_verify_inclusion(index: string, size: string, leafB64: string, proof: string,
                        rootB64: string): string;
  tlog_verify_consistency(size1: string, size2: string, proof: string, root1B64: string,
                          root2B64: string): string;
  /** level -1: entry bundles. */
  tlog_tile_path(level: number, index: number, width: number): string;
  /** A bundle v2 (base64) for `code`; the operator's segments [segFirst, segLast]; heldNote ''
   *  for none. */
  tlog_verify_bundle(bundleB64: string, origin: string, logVkey: string, witnesses: string,
                     quorum: number, segFirst: number, segLast: number, code: string,
                     heldNote: string): string;
  /** 'word http', e.g. 'witness_conflict 409'; storedSize -1: never cosigned. */
  tlog_witness_check(request: string, origin: string, logVkey: string, storedSize: number,
                     storedRootB64: string): string;
}

export default function createTracesealCore(overrides?: {
  locateFile?: (file: string, prefix: string) => string;
  wasmBinary?: ArrayBuffer | Uint8Array;
}): Promise<TracesealCore>;
