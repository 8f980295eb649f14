#include "http/api.h"

#include <algorithm>
#include <boost/json.hpp>

#include "http/dossier.h"
#include "http/region_dashboard.h"
#include "http/routes.h"

namespace openkp::http {

namespace {

// Monitoring's risk flags beside a certificate (routes_monitor.cpp) need the registry: whom the
// certificate concerns, as far as the caller may know (its origin is private to the parties).
core::Result<std::vector<std::string>> CertificateParticipants(registry::Registry& registry,
                                                               const accounts::Principal* who,
                                                               const std::string& number) {
  if (who != nullptr) {
    if (auto rec = registry.Get(*who, number); rec.ok()) {
      const auto& body = rec->certificate.body;
      std::vector<std::string> out = body.origin.countries;
      if (std::find(out.begin(), out.end(), body.issuer) == out.end()) out.push_back(body.issuer);
      return out;
    }
  }
  auto pub = registry.PublicVerificationJson(number);
  if (!pub.ok()) return pub.status();
  const auto v = boost::json::parse(*pub).as_object();
  return std::vector<std::string>{std::string(v.at("issuer").as_string())};
}

}  // namespace

Api::Api(accounts::Accounts& accounts, registry::Registry& registry, transparency::Log* log,
         transparency::TileStore* log_files, stats::Statistics* stats, monitor::Monitor* monitor,
         review::Review* review, review::PeerReviews* peer_reviews,
         activities::Activities* coalition, Metrics* metrics, review::Regions* regions,
         review::FollowUps* follow_ups)
    : auth_(accounts) {
  // One line per service.
  // Ready when the database answers a read.
  AddAppRoutes(router_, [&registry] { return registry.ListParticipants().status(); });
  AddLogRoutes(router_, log, log_files);
  AddRegistryRoutes(router_, auth_, registry, log);
  AddAccountRoutes(router_, auth_, accounts, monitor);
  AddMetricsRoutes(router_, auth_, metrics);
  AddStatsRoutes(router_, auth_, stats);
  AddOpenRosaRoutes(router_, monitor);
  const EventReceiptFn receipt = log == nullptr
                                     ? EventReceiptFn()
                                     : [log](const std::string& kind, const std::string& subject) {
                                         return log->EventReceipt(kind, subject);
                                       };
  AddReviewRoutes(router_, auth_, review, receipt);
  AddPeerReviewRoutes(router_, auth_, peer_reviews, receipt);
  AddActivitiesRoutes(router_, auth_, coalition, receipt);
  AddDossierRoutes(router_, auth_, {registry, stats, monitor, review, peer_reviews});
  if (regions != nullptr) {
    AddRegionalRoutes(router_, auth_,
                      {*regions, follow_ups, stats, review, monitor, coalition, peer_reviews});
  }
  AddMonitorRoutes(router_, auth_, monitor, receipt,
                   [&registry](const accounts::Principal* who, const std::string& number) {
                     return CertificateParticipants(registry, who, number);
                   });
}

}  // namespace openkp::http
