// The options of every verifying front end (`traceseal verify`, `traceseal-viewer`): one table
// of --root --trust-list --status --provenance --checkpoint --inspector-key --at --lang
// --context --image-seconds --state-dir --no-state, and one loader that reads their files
// (size-capped, regular files only) into the core's TrustState, with the held state of earlier
// runs (held_state.h). The CLI and the viewer differ only in what they do with the
// result.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "provenance_v2.h"
#include "traceseal/trust_state.h"
#include "traceseal/verifier.h"

namespace traceseal::platform {

struct VerifyOptions {
    std::string root, trust_list, inspector_key, at, lang, context, image_seconds, state_dir;
    std::vector<std::string> status, provenance, checkpoint;  // repeatable
    bool no_state = false;                                    // --no-state (FORMAT.md §4.7)
};

struct VerifyOptionSpec {
    std::string_view name, value;  // "--status", "FILE"; value "" for a flag (--no-state)
    bool repeatable = false;
    std::size_t max_file_bytes = 0;  // 0: the value is a word, not a file
    std::string_view help;
};
const std::vector<VerifyOptionSpec>& verify_option_specs();
const VerifyOptionSpec* find_verify_option(std::string_view name);
// The options' help lines, for --help texts.
std::string verify_options_help();
// Stores `value` for option `name` (appends for repeatable ones; a flag ignores it); false if
// `name` is not one.
bool set_verify_option(VerifyOptions& o, std::string_view name, std::string value);
// The word checks that need no file: --at a time, --context a scan context, --lang en or zh*,
// --status/--provenance/--checkpoint/--inspector-key only with a trust list. A usage message.
std::optional<std::string> check_verify_words(const VerifyOptions& o, bool trust_optional);

// --image-seconds: 0.1 to 600 seconds of CPU time per image (FORMAT.md §6.4); none if malformed.
std::optional<double> parse_image_seconds(std::string_view text);

// --lang, else the remembered language, else $LANG, else en; "zh..." is zh-CN.
Lang pick_lang(std::string_view option, std::string_view remembered = {});

struct LoadedBundle {
    std::string path;
    Bytes bytes;  // exact bytes, to verify again under new trust data
    Provenance provenance;
};
struct Verifier {
    TrustState state;
    std::optional<UnixTime> at;          // --at
    std::optional<ScanContext> context;  // --context
    Lang lang = Lang::en;
    std::optional<BoxKeyPair> inspector;     // --inspector-key (secret key files only)
    std::vector<LoadedBundle> bundles;       // --provenance v1, verified (§10.4)
    std::vector<BundleV2Result> bundles_v2;  // --provenance v2 (§10.13): histories or refusals
    // Held state (§4.7): the file (empty with --no-state), the trust list file now held, the
    // file's members as read, and the warnings of a damaged file or a failed save.
    std::string state_file, trust_envelope, state_previous;
    std::vector<std::string> warnings;
};
// Reads every file the options name into `base` (or, with --root and --trust-list, into a new
// state pinned to that root): trust list (§4.5), each --status (§9.4 update rule), each
// --checkpoint (held per log), the inspector key, each --provenance (v1: §10.4 with its log's
// held checkpoint; v2: §10.13 with the log the trust list names, sealed details opened with the
// inspector key). The held state of the root (unless --no-state) comes first, as FORMAT.md §4.7
// says, and is saved once everything is loaded. The first refused file is the error, its detail
// naming the file — except a bundle v2 that does not verify: that is a result (bundles_v2, with
// its reason), not a load error.
Result<Verifier> load_verify_options(const VerifyOptions& o, std::optional<TrustState> base);

// The root and trust list files alone (File -> Load trust list): a new pinned state.
Result<TrustState> load_trust_state(const std::string& root_path, const std::string& trust_path);

}  // namespace traceseal::platform
