// `zxkh verify-cert FILE.pdf|TOKEN --keys KEYS.json [--status STATUS.json]`:
// checks an electronic certificate without the server — the signature
// against the published keys (GET /api/public/keys, saved), the status
// against a saved signed status list (GET /api/public/certificates/status),
// and for a PDF that its printed text is the signed record's.
#pragma once

#include "app/options.hpp"

namespace zxkh::app {

// Prints the signature verdict, the status verdict (and why it is unknown),
// the record, and a conclusion. Returns 0 only when the signature is valid,
// the status is valid and (for a PDF) the text matches; 1 otherwise; 2 for
// a usage error.
int RunVerifyCert(const Options& options);

}  // namespace zxkh::app
