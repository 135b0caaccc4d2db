// Types of the embind surface in web/bindings.cpp (build/wasm/web/traceseal_core.mjs, and the
// Node flavour traceseal_core_node.cjs). Every function returns a fresh plain value: nothing to
// .delete(). Times are seconds since 1970-01-01 UTC as JS numbers (the core's UnixTime).

export type Verdict = 'genuine' | 'warning' | 'invalid' | 'foreign' | 'no_code';

/** A refusal: `reason` is the core's stable snake_case reason code (docs/FORMAT.md §7). */
export interface Refusal {
  ok: false;
  reason: string;
  verdict: Verdict;
  detail: string;
}

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
  replaced?: boolean;     // update_trust only: the held list changed
}

/** One object of `traceseal verify --json` (docs/FORMAT.md §6.2), after JSON.parse. */
export interface Assessment {
  input: string;
  verdict: Verdict;
  reasons: string[];
  text?: string;
  verified?: boolean;     // false: `fields` are the code's claims only, never facts
  fields?: {
    version: number; key_id: number; operator: number; category: number;
    issue_date: string; segment: number; serial: number; code_number: string; nonce: string;
    operator_name?: { en: string; zh: string };
    category_name?: { en: string; zh: string };
  };
}

/** The core's message catalog for one language. */
export interface Messages {
  lang: 'zh-CN' | 'en';
  verdicts: Record<Verdict, string>;
  reasons: Record<string, string>;
  reminder: string;       // 关税未付 禁止倒卖 / duty unpaid, resale prohibited
}

export interface TracesealCore {
  /** Verify `trustListJson` against the root public key file and hold it, unconditionally. */
  set_trust(rootKeyJson: string, trustListJson: string, now: number): TrustInfo | Refusal;
  /** Verify and accept a newer list only (accept_trust_list_update: rollback and conflict refused). */
  update_trust(rootKeyJson: string, trustListJson: string, now: number): TrustInfo | Refusal;
  current_trust(now: number): TrustInfo | null;
  /** A code text against the held trust list: a JSON string of Assessment ('' if none held). */
  assess(text: string, now: number, input: string): string;
  /** The Assessment JSON of an image with no code in it. */
  assess_no_code(input: string): string;
  /** 'zh-CN' (any 'zh…' tag) or 'en'. */
  messages(lang: string): Messages;
  /** RFC 8032 Ed25519 verify over lowercase hex (test vectors); false on malformed input. */
  ed25519_verify_hex(publicKeyHex: string, messageHex: string, signatureHex: string): boolean;
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
  /** A status snapshot (hex of the file, FORMAT.md §9.3) verified and kept per segment. */
  add_status(snapshotHex: string, now: number): StatusInfo | Refusal;
  clear_status(): void;
  /** assess() in another scan context with prior sightings ({latitude, longitude, at}[]). */
  assess_in_context(text: string, now: number, input: string, context: string,
                    prior: { latitude: number; longitude: number; at: number }[],
                    here: { latitude: number; longitude: number; at: number } | null): string;
  /** A provenance bundle (hex, FORMAT.md §10) against the held trust list; heldHex may be ''. */
  verify_provenance_hex(bundleHex: string, code: string, heldHex: string): { ok: true; records: number } | Refusal;
  /** Opens record `index`'s sealed details with an inspector's X25519 secret key (hex). */
  open_provenance_details_hex(bundleHex: string, index: number, secretHex: string):
      { ok: true; actor: string; place: string; time: string } | Refusal;
}

export interface StatusInfo {
  ok: true; segment: number; operator: number; sequence: number;
  issued_at: string; valid_until: string; stale: boolean;
}


export default function createTracesealCore(overrides?: {
  locateFile?: (file: string, prefix: string) => string;
  wasmBinary?: ArrayBuffer | Uint8Array;
}): Promise<TracesealCore>;
