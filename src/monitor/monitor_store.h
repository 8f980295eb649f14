// The monitoring service's domain store: one interface, one implementation per backend (see
// store/database.h for the contracts every domain store shares: it runs inside `t`, writes need
// a write transaction, kAlreadyExists for a duplicate key, kNotFound for a missing row).
// Reports, attachments, reporters and status changes are append-only: no method alters or
// removes one, and every backend's schema refuses UPDATE and DELETE on them (triggers).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "monitor/multipart.h"
#include "monitor/records.h"
#include "store/database.h"
#include "store/domain.h"

namespace openkp::monitor {

using core::Result;
using core::Status;

struct ReportFilter {
  std::string organisation = {};   // "" for every organisation
  std::string participant = {};    // "" for every participant
  std::string category = {};       // "" for every category
  std::string status = {};         // the latest status; "" for every status
  std::string from = {}, to = {};  // occurred_on bounds (YYYY-MM-DD, inclusive); "" for open ends
  int64_t after_id = 0;            // for paging, oldest first
  int64_t limit = 1000;
  // Only reports the public may see (Monitor::IsPublic), and those of `also_organisation`.
  bool public_only = false;
  std::string also_organisation = {};
};

class MonitorStore {
 public:
  virtual ~MonitorStore() = default;

  virtual Status AddOrganisation(store::Txn& t, const Organisation& org) = 0;
  virtual Result<std::vector<Organisation>> ListOrganisations(store::Txn& t) = 0;
  // Makes user `user_id` a member of `organisation` (replacing an earlier membership).
  virtual Status SetMember(store::Txn& t, int64_t user_id, const std::string& organisation) = 0;
  // The organisation of `user_id`; kNotFound if it belongs to none.
  virtual Result<std::string> MemberOf(store::Txn& t, int64_t user_id) = 0;

  virtual Result<int64_t> AddDevice(store::Txn& t, const Device& d, const std::string& ha1) = 0;
  // The device and its Digest HA1; kNotFound for an unknown username.
  virtual Result<std::pair<Device, std::string>> DeviceByUsername(store::Txn& t,
                                                                  const std::string& username) = 0;
  virtual Result<Device> GetDevice(store::Txn& t, int64_t id) = 0;
  virtual Result<std::vector<Device>> ListDevices(store::Txn& t,
                                                  const std::string& organisation) = 0;
  virtual Status RevokeDevice(store::Txn& t, int64_t id, const std::string& at) = 0;

  virtual Result<int64_t> AddSite(store::Txn& t, const Site& s) = 0;
  virtual Result<Site> SiteByCode(store::Txn& t, const std::string& code) = 0;
  virtual Result<std::vector<Site>> ListSites(store::Txn& t, const std::string& participant) = 0;
  virtual Result<int64_t> AddVisit(store::Txn& t, int64_t site_id, const Visit& v) = 0;
  // Visits of `site_code` ("" for all), newest first.
  virtual Result<std::vector<Visit>> ListVisits(store::Txn& t, const std::string& site_code) = 0;

  // Stores the report and its XML; kAlreadyExists when its instanceID is taken.
  virtual Result<int64_t> AddReport(store::Txn& t, const Report& r, const std::string& xml) = 0;
  // With status, attachments and superseded_by filled.
  virtual Result<Report> GetReport(store::Txn& t, int64_t id) = 0;
  virtual Result<Report> ReportByInstance(store::Txn& t, const std::string& instance_id) = 0;
  virtual Result<std::vector<Report>> ListReports(store::Txn& t, const ReportFilter& f) = 0;
  virtual Result<std::string> ReportXml(store::Txn& t, int64_t id) = 0;

  virtual Status AddReporter(store::Txn& t, int64_t report_id, const Reporter& who) = 0;
  virtual Result<std::optional<Reporter>> GetReporter(store::Txn& t, int64_t report_id) = 0;

  // Puts [offset, offset + a.size) of `source` where AddAttachment will find it, outside any
  // transaction (so that the writer does not wait for it): a store with an attachment
  // directory writes and syncs the file (monitor/attachment_files.h); others do nothing.
  // `a.sha256` must already be the hash of those bytes.
  virtual Status StageAttachment(const Attachment& a, ByteSource& source, uint64_t offset) = 0;
  // Stores [offset, offset + size) of `source` as the attachment: with an attachment directory,
  // as its file (staged, or written now) and a row naming it; without, in the row (read whole
  // into memory: the backends' statements bind a blob whole; an attachment is at most a
  // request, 32 MiB). `a.sha256` must already be the hash of those bytes. kAlreadyExists for a
  // name the report has.
  virtual Result<int64_t> AddAttachment(store::Txn& t, int64_t report_id, const Attachment& a,
                                        ByteSource& source, uint64_t offset) = 0;
  // The attachment's metadata and bytes; kNotFound if the report has no such file, kInternal
  // if its file is missing or altered.
  virtual Result<std::pair<Attachment, std::string>> ReadAttachment(store::Txn& t,
                                                                    int64_t report_id,
                                                                    const std::string& name) = 0;

  // The RSA public key (base64 DER) of an organisation's encrypted forms; setting replaces it.
  virtual Status SetFormKey(store::Txn& t, const std::string& organisation,
                            const std::string& public_key, const std::string& at) = 0;
  // "" when the organisation has none.
  virtual Result<std::string> FormKey(store::Txn& t, const std::string& organisation) = 0;

  virtual Status AddStatus(store::Txn& t, int64_t report_id, const StatusChange& s) = 0;
  virtual Result<std::vector<StatusChange>> ListStatus(store::Txn& t, int64_t report_id) = 0;

  // A Digest count (nc) used with `nonce`, kept until `expires_at` (Unix seconds), for every
  // server of a deployment; kAlreadyExists when it was used before (a replay). Removes the
  // uses of nonces expired at `now` first.
  virtual Status AddDigestUse(store::Txn& t, const std::string& nonce, const std::string& nc,
                              int64_t expires_at, int64_t now) = 0;
  virtual Result<bool> DigestUsed(store::Txn& t, const std::string& nonce,
                                  const std::string& nc) = 0;
};

// The tables, for backends::OpenDatabase.
store::DomainSchema Schema();
// The implementation for `db`'s backend (kInvalidArgument for a backend it lacks).
// `attachments_dir`: where a single-server deployment keeps attachment files (DATA/attachments
// with SQLite: each byte written once, instead of to the WAL and again to the database); ""
// keeps the bytes in the database (PostgreSQL, whose servers must all read them).
Result<std::unique_ptr<MonitorStore>> NewMonitorStore(store::Database& db,
                                                      std::string attachments_dir = "");

}  // namespace openkp::monitor
