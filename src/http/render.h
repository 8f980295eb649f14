// Documents for people (a review dossier, the coalition's annual report): self-contained HTML
// converted by external engines from Debian, pandoc (.docx) and headless Chromium (PDF), run as
// child processes in their own process group, at most two at a time.
//
//   auto pdf = http::RenderPdf(html, spool_dir);
//   return http::DocumentResponse(html, "docx", "report-2019-en");
#pragma once

#include <string>

#include "core/status.h"
#include "http/server.h"

namespace openkp::http {

// The HTML converted by an external engine in a private directory under `work_dir` ("": /tmp),
// removed afterwards; kUnavailable (naming the Debian package) when the engine is not installed
// or two conversions are running, and an internal error when it fails or takes over 60 s.
core::Result<std::string> RenderDocx(const std::string& html, const std::string& work_dir);
core::Result<std::string> RenderPdf(const std::string& html, const std::string& work_dir);

// `html` as an answer in `format` (html, pdf or docx): HTML under a CSP that runs nothing,
// the others as downloads named `name`.format; a problem document (for `instance`, the
// request's path) when a conversion fails.
Response DocumentResponse(const std::string& html, const std::string& format,
                          const std::string& name, const std::string& instance);

}  // namespace openkp::http
