// Each service's routes module: one function that adds its routes to a Router. The composition
// root (http::Api) calls one line per service; a new service adds its module here and that
// line. Handlers authenticate through Auth (route_util.h) and leave permissions to the service.
#pragma once

#include "accounts/accounts.h"
#include "activities/activities.h"
#include "http/router.h"
#include "monitor/monitor.h"
#include "registry/registry.h"
#include "review/peer_reviews.h"
#include "review/review.h"
#include "stats/stats.h"
#include "transparency/log.h"
#include "transparency/tile_store.h"

namespace openkp::http {

class Auth;

// "/" (the web app), /healthz (the process runs), /readyz (`ready` says whether it can serve:
// 503 otherwise) and /v1/openapi.json.
void AddAppRoutes(Router& router, std::function<core::Status()> ready);
class Metrics;
// /metrics for admins and the role metrics (`metrics` may be null: 404, metrics are off).
void AddMetricsRoutes(Router& router, const Auth& auth, Metrics* metrics);
// /v1/me and the admins' /v1/users...
void AddAccountRoutes(Router& router, const Auth& auth, accounts::Accounts& accounts,
                      monitor::Monitor* monitor);
// /v1/participants, /v1/keys, /v1/certificates... (`log` may be null: receipts answer 404).
void AddRegistryRoutes(Router& router, const Auth& auth, registry::Registry& registry,
                       transparency::Log* log);
// /log/{path} and /v1/log/vkey (either may be null: 404).
void AddLogRoutes(Router& router, transparency::Log* log, transparency::TileStore* log_files);
// /v1/stats/... (`stats` may be null: 404).
void AddStatsRoutes(Router& router, const Auth& auth, stats::Statistics* stats);

// /openrosa/... for ODK Collect, Enketo and Tella (`monitor` may be null: no routes).
inline constexpr size_t kOpenRosaUploadLimit = 32u << 20;  // per request; Collect splits larger
void AddOpenRosaRoutes(Router& router, monitor::Monitor* monitor);
// A problem document answered for a target under /openrosa/ (by the server before routing, or
// by the router: no route, wrong method) as OpenRosa clients expect it: the same status, the
// OpenRosaResponse envelope, X-OpenRosa-Version. Nothing for other targets.
std::optional<Response> OpenRosaRewrite(std::string_view target, const Response& problem);
// Receipts of a service's own log events (kind, subject) -> tlog-proof text.
using EventReceiptFn =
    std::function<core::Result<std::string>(const std::string& kind, const std::string& subject)>;
// /v1/organisations, /v1/devices, /v1/sites..., /v1/incidents... (`monitor` may be null: 404;
// `receipt` may be empty: receipts answer 404).
// The participants whose risk flags show beside a certificate: for a caller who may read it
// (a party, an admin) its origin countries and issuer, for anyone else its issuer (public).
using CertificateParticipantsFn = std::function<core::Result<std::vector<std::string>>(
    const accounts::Principal* who, const std::string& number)>;
void AddMonitorRoutes(Router& router, const Auth& auth, monitor::Monitor* monitor,
                      EventReceiptFn receipt, CertificateParticipantsFn certificate_participants);

// /v1/findings..., /v1/questionnaires..., /v1/non-respondents (`review` may be null: no routes;
// `receipt` may be empty: receipts answer 404).
void AddReviewRoutes(Router& router, const Auth& auth, review::Review* review,
                     EventReceiptFn receipt);
// /v1/reviews..., /v1/inputs..., /v1/recommendations... (`reviews` may be null: no routes).
void AddPeerReviewRoutes(Router& router, const Auth& auth, review::PeerReviews* reviews,
                         EventReceiptFn receipt);
// /v1/coalition/..., /v1/activities... (`coalition` may be null: no routes; `receipt` may be
// empty: receipts answer 404).
void AddActivitiesRoutes(Router& router, const Auth& auth, activities::Activities* coalition,
                         EventReceiptFn receipt);
struct DossierServices;
// /v1/dossiers/{participant}: a review dossier from every service (http/dossier.h).
void AddDossierRoutes(Router& router, const Auth& auth, DossierServices services);
struct RegionServices;
// /v1/regions... (with each region's dashboard, http/region_dashboard.h), /v1/action-plans...,
// /v1/commitments, /v1/follow-ups... (without follow-ups: the regions only).
void AddRegionalRoutes(Router& router, const Auth& auth, RegionServices services);

}  // namespace openkp::http
