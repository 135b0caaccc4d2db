// The whole public API of the TraceSeal core, for code that both issues and verifies (the CLI,
// tests, tools): the verifier's header, the issuer's header and the verifier state. Front ends
// that only verify include traceseal/verifier.h and traceseal/trust_state.h.
#pragma once

#include "traceseal/code_number.h"
#include "traceseal/inspector.h"  // §11: inspectors online
#include "traceseal/issuer.h"
#include "traceseal/tlog.h"  // §10 v2: the transparency log
#include "traceseal/trust_state.h"
#include "traceseal/verifier.h"
