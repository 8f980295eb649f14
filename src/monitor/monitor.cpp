// Monitoring: forms, organisations, devices, sites and visits (reports.cpp has the reports).
#include "monitor/monitor.h"

#include <boost/json.hpp>

#include "core/iso3166.h"
#include "core/text.h"
#include "crypto/crypto.h"
#include "monitor/geo.h"
#include "monitor/monitor_internal.h"

namespace openkp::monitor {

extern const std::string_view kIncidentForm;
extern const std::string_view kSiteVisitForm;

namespace json = boost::json;

const std::vector<Form>& Forms() {
  static const std::vector<Form> forms = [] {
    std::vector<Form> out;
    for (auto [xml, name, binaries] :
         {std::tuple{kIncidentForm, "Incident report", std::vector<std::string>{"photo", "audio"}},
          std::tuple{kSiteVisitForm, "Mining site visit", std::vector<std::string>{"photo"}}}) {
      Form f;
      f.xml = std::string(xml);
      f.name = name;
      f.binary_fields = binaries;
      // The primary instance's root: <data id="..." orx:version="...">.
      const size_t at = f.xml.find("<data ");
      const size_t end = f.xml.find('>', at);
      const std::string tag = f.xml.substr(at, end - at);
      auto attr = [&tag](const std::string& key) {
        const size_t k = tag.find(key + "=\"");
        if (k == std::string::npos) return std::string();
        const size_t v = k + key.size() + 2;
        return tag.substr(v, tag.find('"', v) - v);
      };
      f.id = attr(" id");
      f.version = attr("orx:version");
      out.push_back(std::move(f));
    }
    return out;
  }();
  return forms;
}

const Form* FindForm(std::string_view id) {
  for (const auto& f : Forms()) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

Form EncryptedVariant(const Form& form, const std::string& key) {
  if (key.empty()) return form;
  Form f = form;
  f.version = form.version + "-e" + crypto::Sha256Hex(key).substr(0, 8);
  const std::string from = "orx:version=\"" + form.version + "\"";
  if (const size_t at = f.xml.find(from); at != std::string::npos) {
    f.xml.replace(at, from.size(), "orx:version=\"" + f.version + "\"");
  }
  if (const size_t end = f.xml.find("</model>"); end != std::string::npos) {
    f.xml.insert(end, "  <submission base64RsaPublicKey=\"" + key + "\"/>\n    ");
  }
  return f;
}

const std::vector<std::string>& IncidentCategories() {
  static const std::vector<std::string> v = {"armed_group_violence",
                                             "security_force_violence",
                                             "human_rights_abuse",
                                             "forced_labour",
                                             "child_labour",
                                             "displacement",
                                             "environmental_harm",
                                             "revenue_management",
                                             "illegal_mining_smuggling",
                                             "labour_rights",
                                             "other"};
  return v;
}

const std::vector<std::string>& ReportStatuses() {
  static const std::vector<std::string> v = {"received", "verified", "disputed",
                                             "referred", "answered", "resolved"};
  return v;
}

bool IsReviewedStatus(const std::string& status) {
  return status == "verified" || status == "referred" || status == "answered" ||
         status == "resolved";
}

namespace internal {

Status Denied(const std::string& why) { return Status(core::Code::kPermissionDenied, why); }

bool IsReviewer(const accounts::Principal* who) {
  return who != nullptr && (who->is_admin() || who->user.role == store::Role::kVerifier);
}

bool OneOf(const std::string& v, const std::vector<std::string>& allowed) {
  return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

Status CheckText(const std::string& field, const std::string& v, size_t max, bool required) {
  if (required && v.empty()) return Status::Invalid(field, "required", "is required");
  if (v.size() > max) {
    return Status::Invalid(field, "length", "is longer than " + std::to_string(max) + " bytes");
  }
  if (auto why = core::UnsafeTextReason(v)) return Status::Invalid(field, "plain-text", *why);
  return {};
}

Status Event(store::Database& db, store::Txn& t, const std::string& kind,
             const std::string& subject, const std::string& actor, json::object published) {
  json::object payload{{"public", std::move(published)}};
  return db.events().Append(t, {0, kind, subject, "", "", actor, json::serialize(payload)});
}

}  // namespace internal

using internal::CheckText;
using internal::Denied;
using internal::OneOf;

namespace {

Status CheckCode(const std::string& field, const std::string& code) {
  if (code.size() < 2 || code.size() > 32 ||
      code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") !=
          std::string::npos) {
    return Status::Invalid(field, "code", "must be 2 to 32 letters, digits, '-', '_' or '.'");
  }
  return {};
}

const std::vector<std::string> kSiteTypes = {"industrial", "artisanal", "alluvial"};
const std::vector<std::string> kMinerals = {"diamond", "gold",       "cassiterite",
                                            "coltan",  "wolframite", "other"};
const std::vector<std::string> kArmedPresence = {"none", "armed_group", "public_security",
                                                 "private_security", "unknown"};
const std::vector<std::string> kArmedRoles = {"digging", "forced_labour", "pillaging", "taxation",
                                              "roadblocks"};
const std::vector<std::string> kYesNo = {"yes", "no", "unknown"};

Status CheckList(const std::string& field, const std::vector<std::string>& values,
                 const std::vector<std::string>& allowed) {
  for (const auto& v : values) {
    if (!OneOf(v, allowed)) {
      std::string names;
      for (const auto& a : allowed) names += (names.empty() ? "" : ", ") + a;
      return Status::Invalid(field, "enum", "'" + v + "' is not one of " + names);
    }
  }
  return {};
}

}  // namespace

Status internal::CheckSite(const Site& s) {
  OPENKP_RETURN_IF_ERROR(CheckCode("code", s.code));
  OPENKP_RETURN_IF_ERROR(CheckText("name", s.name, 200, true));
  if (!core::IsIsoCountry(s.participant)) {
    return Status::Invalid("participant", "iso3166", "must be an ISO 3166 country code");
  }
  OPENKP_RETURN_IF_ERROR(CheckText("area", s.area, 200, false));
  if (!OneOf(s.type, kSiteTypes)) {
    return Status::Invalid("type", "enum", "must be industrial, artisanal or alluvial");
  }
  OPENKP_RETURN_IF_ERROR(CheckList("minerals", s.minerals, kMinerals));
  OPENKP_RETURN_IF_ERROR(CheckText("operator", s.operator_name, 200, false));
  if (s.workers && (*s.workers < 0 || *s.workers > 10000000)) {
    return Status::Invalid("workers", "range", "must be 0 to 10000000");
  }
  if (!OneOf(s.armed_presence, kArmedPresence)) {
    return Status::Invalid("armed_presence", "enum",
                           "must be none, armed_group, public_security, private_security or "
                           "unknown");
  }
  OPENKP_RETURN_IF_ERROR(CheckList("armed_roles", s.armed_roles, kArmedRoles));
  if (!OneOf(s.child_labour, kYesNo)) {
    return Status::Invalid("child_labour", "enum", "must be yes, no or unknown");
  }
  return CheckText("source", s.source, 200, false);
}

Status internal::CheckVisit(const Visit& v) {
  if (!core::Date::Parse(v.visited_on).ok()) {
    return Status::Invalid("visited_on", "date", "must be a date YYYY-MM-DD");
  }
  if (v.workers && (*v.workers < 0 || *v.workers > 10000000)) {
    return Status::Invalid("workers", "range", "must be 0 to 10000000");
  }
  OPENKP_RETURN_IF_ERROR(CheckList("minerals", v.minerals, kMinerals));
  if (!OneOf(v.armed_presence, kArmedPresence)) {
    return Status::Invalid("armed_presence", "enum",
                           "must be none, armed_group, public_security, private_security or "
                           "unknown");
  }
  OPENKP_RETURN_IF_ERROR(CheckList("armed_roles", v.armed_roles, kArmedRoles));
  if (!OneOf(v.child_labour, kYesNo)) {
    return Status::Invalid("child_labour", "enum", "must be yes, no or unknown");
  }
  if (!OneOf(v.mercury, kYesNo)) {
    return Status::Invalid("mercury", "enum", "must be yes, no or unknown");
  }
  return CheckText("notes", v.notes, 4000, false);
}

Monitor::Monitor(store::Database& db, std::unique_ptr<MonitorStore> store, MonitorOptions options,
                 std::function<core::Date()> today)
    : db_(db),
      store_(std::move(store)),
      options_(std::move(options)),
      digest_(options_.digest_secret, options_.realm),
      today_(std::move(today)) {}

Status Monitor::AddOrganisation(const accounts::Principal& who, const std::string& code,
                                const std::string& name) {
  if (!who.is_admin()) return Denied("only admins add organisations");
  OPENKP_RETURN_IF_ERROR(CheckCode("code", code));
  OPENKP_RETURN_IF_ERROR(CheckText("name", name, 200, true));
  return db_.Write([&](store::Txn& t) -> Status {
    OPENKP_RETURN_IF_ERROR(store_->AddOrganisation(t, {code, name, core::NowUtcTimestamp()}));
    return internal::Event(db_, t, "monitor.organisation.added", code, who.user.name,
                           {{"organisation", code}, {"name", name}});
  });
}

Result<std::vector<Organisation>> Monitor::Organisations() {
  return store::ReadValue(db_, [&](store::Txn& t) { return store_->ListOrganisations(t); });
}

Status Monitor::AddMember(const accounts::Principal& who, int64_t user_id,
                          const std::string& organisation) {
  if (!who.is_admin()) return Denied("only admins manage organisation members");
  return db_.Write([&](store::Txn& t) -> Status {
    auto user = db_.accounts().GetUser(t, user_id);
    if (!user.ok()) return user.status();
    if (user->role != store::Role::kMonitor) {
      return Status::Invalid("user", "role",
                             "only users with the role monitor join an organisation");
    }
    auto orgs = store_->ListOrganisations(t);
    if (!orgs.ok()) return orgs.status();
    if (std::none_of(orgs->begin(), orgs->end(),
                     [&](const Organisation& o) { return o.code == organisation; })) {
      return Status::NotFound("no organisation '" + organisation + "'");
    }
    OPENKP_RETURN_IF_ERROR(store_->SetMember(t, user_id, organisation));
    return internal::Event(db_, t, "monitor.member.added", organisation, who.user.name,
                           {{"organisation", organisation}});
  });
}

Result<std::string> Monitor::OrganisationOf(const accounts::Principal& who) {
  if (who.user.role != store::Role::kMonitor) return std::string();
  auto org = store::ReadValue(db_, [&](store::Txn& t) { return store_->MemberOf(t, who.user.id); });
  if (!org.ok() && org.status().code() == core::Code::kNotFound) {
    return Denied(
        "this monitor belongs to no organisation yet: an admin adds it with "
        "`openkp monitor member`");
  }
  return org;
}

Status Monitor::SetFormKey(const accounts::Principal& who, const std::string& organisation,
                           const std::string& public_key_base64) {
  auto mine = OrganisationOf(who);
  if (!mine.ok()) return mine.status();
  if (!who.is_admin() && *mine != organisation) {
    return Denied("only members of " + organisation + " and admins set its form key");
  }
  auto der = crypto::Base64Decode(public_key_base64);
  const int bits = der.ok() ? crypto::RsaPublicKeyBits(*der) : 0;
  if (bits < 2048) {
    return Status::Invalid("public_key", "rsa-public-key",
                           "must be the base64 of an RSA public key (DER SubjectPublicKeyInfo, as "
                           "`openssl rsa -pubout -outform DER | base64 -w0` prints) of at least "
                           "2048 bits");
  }
  return db_.Write([&](store::Txn& t) -> Status {
    auto orgs = store_->ListOrganisations(t);
    if (!orgs.ok()) return orgs.status();
    if (std::none_of(orgs->begin(), orgs->end(),
                     [&](const Organisation& o) { return o.code == organisation; })) {
      return Status::NotFound("no organisation '" + organisation + "'");
    }
    OPENKP_RETURN_IF_ERROR(
        store_->SetFormKey(t, organisation, public_key_base64, core::NowUtcTimestamp()));
    return internal::Event(
        db_, t, "monitor.form_key.set", organisation, who.user.name,
        {{"organisation", organisation}, {"key_sha256", crypto::Sha256Hex(*der)}});
  });
}

Result<std::vector<Form>> Monitor::FormsFor(const std::string& organisation) {
  auto key = store::ReadValue(db_, [&](store::Txn& t) { return store_->FormKey(t, organisation); });
  if (!key.ok()) return key.status();
  std::vector<Form> out;
  for (const auto& f : Forms()) out.push_back(EncryptedVariant(f, *key));
  return out;
}

Result<DeviceCredential> Monitor::AddDevice(const accounts::Principal& who,
                                            const std::string& organisation,
                                            const std::string& label) {
  auto mine = OrganisationOf(who);
  if (!mine.ok()) return mine.status();
  if (!who.is_admin() && *mine != organisation) {
    return Denied("only members of " + organisation + " and admins add its devices");
  }
  OPENKP_RETURN_IF_ERROR(CheckText("label", label, 200, true));
  DeviceCredential out;
  out.device.username = "dev-" + crypto::HexEncode(crypto::RandomBytes(6));
  out.device.organisation = organisation;
  out.device.label = label;
  out.device.created_at = core::NowUtcTimestamp();
  out.password = crypto::Base64UrlEncode(crypto::RandomBytes(18));
  const std::string ha1 = digest_.Ha1(out.device.username, out.password);
  auto id = store::WriteValue(db_, [&](store::Txn& t) -> Result<int64_t> {
    auto made = store_->AddDevice(t, out.device, ha1);
    if (!made.ok()) {
      if (made.status().code() == core::Code::kFailedPrecondition) {
        return Status::NotFound("no organisation '" + organisation + "'");
      }
      return made.status();
    }
    OPENKP_RETURN_IF_ERROR(internal::Event(db_, t, "monitor.device.added",
                                           "device:" + std::to_string(*made), who.user.name,
                                           {{"organisation", organisation}}));
    return made;
  });
  if (!id.ok()) return id.status();
  out.device.id = *id;
  return out;
}

Status Monitor::RevokeDevice(const accounts::Principal& who, int64_t device_id) {
  auto mine = OrganisationOf(who);
  if (!mine.ok()) return mine.status();
  return db_.Write([&](store::Txn& t) -> Status {
    auto d = store_->GetDevice(t, device_id);
    if (!d.ok()) return d.status();
    if (!who.is_admin() && d->organisation != *mine) {
      return Status::NotFound("no device " + std::to_string(device_id));
    }
    if (!d->revoked_at.empty()) {
      return Status(core::Code::kFailedPrecondition, "the device is already revoked");
    }
    OPENKP_RETURN_IF_ERROR(store_->RevokeDevice(t, device_id, core::NowUtcTimestamp()));
    return internal::Event(db_, t, "monitor.device.revoked", "device:" + std::to_string(device_id),
                           who.user.name, {{"organisation", d->organisation}});
  });
}

Result<std::vector<Device>> Monitor::Devices(const accounts::Principal& who) {
  auto mine = OrganisationOf(who);
  if (!mine.ok()) return mine.status();
  if (!who.is_admin() && mine->empty()) return Denied("only monitors and admins list devices");
  return store::ReadValue(db_, [&](store::Txn& t) { return store_->ListDevices(t, *mine); });
}

Result<std::pair<Device, std::string>> Monitor::DeviceForDigest(const std::string& username) {
  auto d =
      store::ReadValue(db_, [&](store::Txn& t) { return store_->DeviceByUsername(t, username); });
  if (!d.ok()) {
    if (d.status().code() == core::Code::kNotFound) {
      return Status(core::Code::kUnauthenticated, "unknown device or wrong password");
    }
    return d.status();
  }
  return d;  // revoked ones too: the caller checks the password first, then says so
}

namespace {
// One server per SQLite database; several may share a PostgreSQL one.
bool SharedDatabase(store::Database& db) { return std::string(db.scheme()) != "sqlite"; }
}  // namespace

bool Monitor::UseDigestCount(const DigestCredentials& c, int64_t now_unix) {
  if (!digest_.UseCount(c, now_unix)) return false;
  if (!SharedDatabase(db_)) return true;
  // Kept a minute past the nonce's life (NonceValid allows that much clock skew).
  const int64_t expires = std::atoll(c.nonce.c_str()) + digest_.nonce_seconds() + 60;
  return db_
      .Write(
          [&](store::Txn& t) { return store_->AddDigestUse(t, c.nonce, c.nc, expires, now_unix); })
      .ok();
}

bool Monitor::DigestCountUsed(const DigestCredentials& c) {
  if (digest_.CountUsed(c)) return true;
  if (!SharedDatabase(db_)) return false;
  auto used =
      store::ReadValue(db_, [&](store::Txn& t) { return store_->DigestUsed(t, c.nonce, c.nc); });
  return !used.ok() || *used;
}

Result<Site> Monitor::RegisterSite(const accounts::Principal& who, Site site) {
  auto mine = OrganisationOf(who);
  if (!mine.ok()) return mine.status();
  if (!who.is_admin() && mine->empty()) return Denied("only monitors and admins register sites");
  site.organisation = who.is_admin() && site.organisation.empty() ? "admin" : *mine;
  if (who.is_admin() && !mine->empty()) site.organisation = *mine;
  site.created_at = core::NowUtcTimestamp();
  OPENKP_RETURN_IF_ERROR(internal::CheckSite(site));
  auto id = store::WriteValue(db_, [&](store::Txn& t) -> Result<int64_t> {
    auto made = store_->AddSite(t, site);
    if (!made.ok()) return made.status();
    OPENKP_RETURN_IF_ERROR(
        internal::Event(db_, t, "monitor.site.registered", site.code, who.user.name,
                        {{"site", site.code}, {"participant", site.participant}}));
    return made;
  });
  if (!id.ok()) {
    if (id.status().code() == core::Code::kAlreadyExists) {
      return Status(core::Code::kAlreadyExists, "a site with code '" + site.code + "' exists");
    }
    return id.status();
  }
  site.id = *id;
  return site;
}

namespace {

// The seed is secret (derived from the deployment's secret: one computable from public data
// would let anyone subtract the displacement) and the same for every point of a ~1 km cell, so
// that a site and the reports placed at it show one public point (geo.h, CellSeed).
Site PublicSite(Site s, const std::string& secret, int64_t metres) {
  if (s.location) {
    s.location = PublicPoint(*s.location, secret, metres);
  }
  return s;
}

}  // namespace

bool SeesExactSites(const accounts::Principal* who) {
  if (who == nullptr) return false;
  const auto role = who->user.role;
  return role == store::Role::kMonitor || role == store::Role::kVerifier ||
         role == store::Role::kAdmin;
}

Result<std::vector<Site>> Monitor::Sites(const accounts::Principal* who,
                                         const std::string& participant) {
  auto list =
      store::ReadValue(db_, [&](store::Txn& t) { return store_->ListSites(t, participant); });
  if (!list.ok() || SeesExactSites(who)) return list;
  for (auto& s : *list) {
    s = PublicSite(std::move(s), options_.digest_secret, options_.displace_metres);
  }
  return list;
}

Result<Site> Monitor::GetSite(const accounts::Principal* who, const std::string& code) {
  auto s = store::ReadValue(db_, [&](store::Txn& t) { return store_->SiteByCode(t, code); });
  if (!s.ok() || SeesExactSites(who)) return s;
  return PublicSite(std::move(*s), options_.digest_secret, options_.displace_metres);
}

Result<Visit> Monitor::RecordVisit(const accounts::Principal& who, Visit visit) {
  auto mine = OrganisationOf(who);
  if (!mine.ok()) return mine.status();
  if (!who.is_admin() && mine->empty()) return Denied("only monitors and admins record visits");
  visit.organisation = mine->empty() ? "admin" : *mine;
  visit.created_at = core::NowUtcTimestamp();
  OPENKP_RETURN_IF_ERROR(internal::CheckVisit(visit));
  auto id = store::WriteValue(db_, [&](store::Txn& t) -> Result<int64_t> {
    return internal::AddVisit(db_, *store_, t, visit, who.user.name);
  });
  if (!id.ok()) return id.status();
  visit.id = *id;
  return visit;
}

Result<int64_t> internal::AddVisit(store::Database& db, MonitorStore& store, store::Txn& t,
                                   const Visit& visit, const std::string& actor) {
  auto site = store.SiteByCode(t, visit.site_code);
  if (!site.ok()) {
    if (site.status().code() == core::Code::kNotFound) {
      return Status::Invalid("site_code", "site",
                             "no site '" + visit.site_code + "': register it first");
    }
    return site.status();
  }
  auto made = store.AddVisit(t, site->id, visit);
  if (!made.ok()) return made.status();
  // The entry names the visit only: a site and a date would tell who was where, and when.
  OPENKP_RETURN_IF_ERROR(Event(db, t, "monitor.visit.recorded", "visit:" + std::to_string(*made),
                               actor, {{"visit", *made}}));
  return made;
}

Result<std::vector<Visit>> Monitor::Visits(const accounts::Principal* who,
                                           const std::string& site_code) {
  const bool reviewer = internal::IsReviewer(who);
  const std::string mine = reviewer ? "" : OrganisationOrNone(who);
  return store::ReadValue(db_, [&](store::Txn& t) -> Result<std::vector<Visit>> {
    auto list = store_->ListVisits(t, site_code);
    if (!list.ok() || reviewer) return list;
    // The public sees a visit once reviewed (a site-visit submission is reviewed like a
    // report; one recorded by a member through the API is the organisation's own statement),
    // and never its notes or who made it.
    std::vector<Visit> out;
    for (auto& v : *list) {
      if (!mine.empty() && v.organisation == mine) {  // the organisation's own visits
        out.push_back(std::move(v));
        continue;
      }
      if (v.report_id != 0) {
        auto r = store_->GetReport(t, v.report_id);
        if (!r.ok()) return r.status();
        // A corrected visit gives way to its correction.
        if (!IsReviewedStatus(r->status) || !r->superseded_by.empty()) continue;
      }
      v.notes.clear();
      v.organisation.clear();
      v.report_id = 0;
      out.push_back(std::move(v));
    }
    return out;
  });
}

}  // namespace openkp::monitor
