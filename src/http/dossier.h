// A participant's review dossier: what a peer-review team reads before a visit, assembled from
// every service (statistics, certificates, anomaly findings and questionnaires, monitoring,
// earlier reviews and their recommendations) and rendered as JSON, HTML, .docx (pandoc) or PDF
// (headless Chromium), in English or French. docs/REVIEW.md "The dossier".
//
//   auto d = http::BuildDossier(who, {"ZW", 2005, 2026, "en"}, services);
//   std::string html = http::DossierHtml(*d, "en");
//   auto pdf = http::RenderPdf(html, spool_dir);
#pragma once

#include <boost/json.hpp>
#include <string>

#include "accounts/accounts.h"
#include "http/render.h"
#include "monitor/monitor.h"
#include "registry/registry.h"
#include "review/peer_reviews.h"
#include "review/review.h"
#include "stats/stats.h"

namespace openkp::http {

struct DossierRequest {
  std::string participant;
  int from_year = 0;
  int to_year = 0;
  std::string lang = "en";  // en | fr
};

struct DossierServices {
  registry::Registry& registry;
  stats::Statistics* stats = nullptr;
  monitor::Monitor* monitor = nullptr;
  review::Review* review = nullptr;
  review::PeerReviews* peer_reviews = nullptr;
};

// Admins, statistics analysts, reviewers, and the participant's own officers; others get
// kPermissionDenied. The span is at most 30 years; kInvalidArgument names the field otherwise.
core::Result<boost::json::object> BuildDossier(const accounts::Principal& who,
                                               const DossierRequest& request,
                                               const DossierServices& services);

// A self-contained HTML document (no scripts, no external resources), every text escaped.
std::string DossierHtml(const boost::json::object& dossier, const std::string& lang);

}  // namespace openkp::http
