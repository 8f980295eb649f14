// Community monitoring: civil-society organisations register mining sites and visits, and
// their community monitors send incident reports from phones (OpenRosa, http/routes_openrosa)
// or through the JSON API. Reports are evidence: append-only, hashed and committed to the
// transparency log at receipt; corrections are new versions (deprecatedID) and reviews are
// appended status changes. Witnesses are protected: devices are pseudonymous, identities are
// stored apart, and every public view displaces coordinates and leaves restricted data out.
//
//   monitor::Monitor mon(db, std::move(*monitor::NewMonitorStore(db)), options, today);
//   auto cred = mon.AddDevice(member, "CNRG-ZW", "Marange phone 2");  // password shown once
//   auto got = mon.Submit(device, submission);                        // from /openrosa
//   auto list = mon.Reports(nullptr, {});                              // the public view
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "core/date.h"
#include "monitor/monitor_store.h"
#include "monitor/openrosa.h"
#include "monitor/records.h"
#include "monitor/risk.h"

namespace openkp::monitor {

// The forms openkp serves (src/monitor/forms/): the XForm, its id and version.
struct Form {
  std::string id;       // "openkp_incident"
  std::string name;     // shown in Collect's list
  std::string version;  // orx:version
  std::string xml;
  std::vector<std::string> binary_fields;  // questions whose value names an attachment
};
const std::vector<Form>& Forms();
const Form* FindForm(std::string_view id);
// `form` as an organisation with an RSA public key serves it: encrypted by the phone
// (<submission base64RsaPublicKey=.../>), under its own version ("<version>-e<key hash>"), so
// that Collect, which caches forms by id and version, fetches it again. `key` "" gives `form`.
Form EncryptedVariant(const Form& form, const std::string& key);

// The incident categories (the KPCS conflict definition and what civil society documents).
const std::vector<std::string>& IncidentCategories();
// The statuses of a report's review, in the order a review usually takes.
const std::vector<std::string>& ReportStatuses();
// Whether a review has accepted the report (verified, referred, answered, resolved): what
// public views, public visits and risk flags count.
bool IsReviewedStatus(const std::string& status);

struct MonitorOptions {
  // Secret for Digest nonces; the same on every server of a deployment (data dir file).
  std::string digest_secret;
  std::string realm = "openkp";
  // Public views displace points by up to this many metres (the DHS method: 5 km rural).
  int64_t displace_metres = 5000;
  // Largest attachment accepted.
  // Largest attachment accepted: what a request may carry (Collect puts a larger file alone in
  // a request, so a lower limit would refuse it again at every retry).
  int64_t max_attachment_bytes = 32 << 20;
};

struct DeviceCredential {
  Device device;
  std::string password;  // shown once; only its Digest HA1 is stored
};

// One POST to /openrosa/submission, its parts already located in `source`.
struct SubmissionFile {
  std::string name;
  std::string content_type;
  uint64_t offset = 0;
  uint64_t size = 0;
};
struct Submission {
  std::string xml;
  std::vector<SubmissionFile> files;
  bool incomplete = false;  // "*isIncomplete*=yes": more files follow in later requests
  ByteSource* source = nullptr;
};
struct SubmitResult {
  int64_t report_id = 0;
  bool created = false;              // a new report (false: more files for a known one)
  std::vector<std::string> added;    // files stored by this request
  std::vector<std::string> missing;  // files the instance names and openkp has not received
  std::string xml_sha256;
};

// An incident filed through the JSON API.
struct IncidentInput {
  std::string category, occurred_on, participant, area, site_code, description;
  std::optional<GeoPoint> location;
  std::optional<int64_t> people_affected;
  bool restricted = false;       // never public
  bool text_restricted = false;  // public once reviewed, but without the description
  Reporter reporter;
  std::string deprecated_id;  // the instanceID this corrects
  // The form's photo, as a phone's browser sends it (the web app's offline form): stored and
  // logged like an ODK Collect attachment.
  struct Photo {
    std::string name, content_type, bytes;
  };
  std::optional<Photo> photo;
};

// Who is looking, which decides what a report shows.
enum class Viewer { kPublic, kOrganisation, kReviewer };

// Sites imported from a file, checked row by row before anything is stored.
struct ImportRow {
  int64_t row = 0;  // 1-based data row (CSV) or feature index + 1 (GeoJSON)
  std::optional<Site> site;
  std::string field, error;  // set when the row is invalid
};
struct ImportResult {
  std::vector<ImportRow> rows;
  int64_t valid = 0, invalid = 0;
  bool stored = false;  // only when asked and every row was valid
};

// Who sees mining sites' exact coordinates: monitors, verifiers and admins.
bool SeesExactSites(const accounts::Principal* who);

class Monitor {
 public:
  Monitor(store::Database& db, std::unique_ptr<MonitorStore> store, MonitorOptions options,
          std::function<core::Date()> today = &core::Date::TodayUtc);
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

  const DigestAuth& digest() const { return digest_; }
  const MonitorOptions& options() const { return options_; }

  // Organisations and their members: admins (and the operator's CLI).
  Status AddOrganisation(const accounts::Principal& who, const std::string& code,
                         const std::string& name);
  Result<std::vector<Organisation>> Organisations();
  // Makes a user with the role monitor a member of `organisation`.
  Status AddMember(const accounts::Principal& who, int64_t user_id,
                   const std::string& organisation);
  // The organisation of a monitor ("" for other roles); kPermissionDenied for a monitor in
  // none.
  Result<std::string> OrganisationOf(const accounts::Principal& who);

  // Encrypted forms: the organisation's RSA public key (base64 DER SubjectPublicKeyInfo, at
  // least 2048 bits); its phones then encrypt every submission, which openkp stores as
  // received and cannot read (the organisation decrypts with its private key, e.g. ODK
  // Briefcase). Members of the organisation, or admins.
  Status SetFormKey(const accounts::Principal& who, const std::string& organisation,
                    const std::string& public_key_base64);
  // The forms a device of `organisation` gets (encrypted variants when it has a key).
  Result<std::vector<Form>> FormsFor(const std::string& organisation);

  // Device credentials: members of the organisation, or admins.
  Result<DeviceCredential> AddDevice(const accounts::Principal& who,
                                     const std::string& organisation, const std::string& label);
  Status RevokeDevice(const accounts::Principal& who, int64_t device_id);
  Result<std::vector<Device>> Devices(const accounts::Principal& who);
  // The device of a Digest username and its HA1 (the OpenRosa routes check the response, then
  // whether it is revoked); kUnauthenticated for an unknown device.
  Result<std::pair<Device, std::string>> DeviceForDigest(const std::string& username);
  // Records that the credentials' count (nc) was used with their nonce (DigestAuth::UseCount):
  // in this process, and where several servers share the database (PostgreSQL) in the database
  // too, so a request replayed to another server is refused as well. False for a count used
  // before (or not recordable: a replay is refused rather than risked).
  bool UseDigestCount(const DigestCredentials& c, int64_t now_unix);
  // Whether the count was used already, on any server (the check before an upload's body).
  bool DigestCountUsed(const DigestCredentials& c);

  // Sites and visits. Registering needs a monitor (its organisation) or an admin.
  Result<Site> RegisterSite(const accounts::Principal& who, Site site);
  // CSV (a header row with the column names of docs/MONITORING.md) or GeoJSON (a
  // FeatureCollection of Points); stores the sites only when `store` and every row is valid.
  Result<ImportResult> ImportSites(const accounts::Principal& who, const std::string& format,
                                   const std::string& text, bool store);
  // Every site; exact for monitors, verifiers and admins (SeesExactSites), displaced for
  // everyone else (officers of KP authorities, analysts, the public: `who` null).
  Result<std::vector<Site>> Sites(const accounts::Principal* who, const std::string& participant);
  Result<Site> GetSite(const accounts::Principal* who, const std::string& code);
  Result<Visit> RecordVisit(const accounts::Principal& who, Visit visit);
  // Visits of a site; the public (and KP officers) see reviewed ones, without notes or
  // organisation.
  Result<std::vector<Visit>> Visits(const accounts::Principal* who, const std::string& site_code);

  // A submission from a device (OpenRosa). kInvalidArgument for a bad instance or file,
  // kNotFound for an unknown form, kFailedPrecondition for a form version not served,
  // kAlreadyExists (409) for a different instance under a known instanceID or a different file
  // under a known name.
  Result<SubmitResult> Submit(const Device& device, const Submission& submission);
  // An incident filed through the JSON API by a monitor: the same path as a submission, with an
  // instance openkp writes.
  Result<SubmitResult> FileIncident(const accounts::Principal& who, const IncidentInput& in);

  Viewer ViewerOf(const accounts::Principal* who, const Report& r);
  // The reports `who` may see (null: the public), redacted for it.
  Result<std::vector<Report>> Reports(const accounts::Principal* who, const ReportFilter& f);
  // kNotFound also for a report `who` may not see (no guessing which ids exist).
  Result<Report> GetReport(const accounts::Principal* who, int64_t id);
  Result<std::vector<StatusChange>> History(const accounts::Principal* who, int64_t id);
  // Reviewers (verifier, admin) append a status with a reason.
  Result<StatusChange> ChangeStatus(const accounts::Principal& who, int64_t id,
                                    const std::string& status, const std::string& reason);
  // The reporter's identity: reviewers only.
  Result<std::optional<Reporter>> GetReporter(const accounts::Principal& who, int64_t id);
  // An attachment's bytes: the organisation and reviewers.
  Result<std::pair<Attachment, std::string>> GetAttachment(const accounts::Principal& who,
                                                           int64_t id, const std::string& name);
  // Reads back every attachment of every report (a restore's proof that the evidence is whole):
  // how many; kInternal naming the first one missing or altered (monitor/attachment_files.h).
  Result<int64_t> CheckAttachments();
  // The instance XML as received (it may name the reporter): reviewers only.
  Result<std::string> GetXml(const accounts::Principal& who, int64_t id);

  // Risk flags of `participant` ("" for all) from the reports `who` may see (null: the
  // public's), over the window ending today.
  Result<std::vector<RiskFlag>> Risk(const accounts::Principal* who, const std::string& participant,
                                     const RiskThresholds& thresholds);

  // Whether the public may see the report at all: an incident, reviewed (verified, referred,
  // answered, resolved), not restricted by its reporter, not encrypted.
  static bool IsPublic(const Report& r);
  // `r` as `viewer` may see it.
  Report Redact(Report r, Viewer viewer) const;

 private:
  // `reporter`: an identity given apart from the XML (the JSON API); `text_restricted`: keep
  // the description out of public views.
  // The organisation of a monitor, "" for anyone else (or a monitor in none): one lookup that
  // a list's viewer checks share.
  std::string OrganisationOrNone(const accounts::Principal* who);
  // ViewerOf with the caller's organisation already looked up.
  static Viewer ViewerFor(const accounts::Principal* who, const std::string& organisation,
                          const Report& r);
  // The reports `who` may see, not yet redacted (what risk flags count).
  Result<std::vector<Report>> VisibleReports(const accounts::Principal* who, const ReportFilter& f);
  Result<SubmitResult> Store(const Device* device, const accounts::Principal* user,
                             const std::string& organisation, const Submission& submission,
                             const Reporter* reporter, bool text_restricted);

  store::Database& db_;
  std::unique_ptr<MonitorStore> store_;
  MonitorOptions options_;
  DigestAuth digest_;
  std::function<core::Date()> today_;
};

}  // namespace openkp::monitor
