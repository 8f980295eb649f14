// The monitoring store, written once for every SQL backend (store/sql/statement.h).
#include "monitor/attachment_files.h"
#include "monitor/monitor_store.h"
#include "store/sql/statement.h"
#include "store/sql/text_lists.h"

namespace openkp::monitor {

using store::sql::RequireWrite;
using store::sql::Stmt;

namespace {

Stmt& BindPoint(Stmt& s, int i, const std::optional<GeoPoint>& p) {
  if (p) return s.Bind(i, p->lat_e6).Bind(i + 1, p->lon_e6);
  return s.BindNull(i).BindNull(i + 1);
}

std::optional<GeoPoint> PointAt(const Stmt& s, int col) {
  if (s.IsNull(col) || s.IsNull(col + 1)) return std::nullopt;
  return GeoPoint{s.Int(col), s.Int(col + 1)};
}

Stmt& BindOptInt(Stmt& s, int i, const std::optional<int64_t>& v) {
  return v ? s.Bind(i, *v) : s.BindNull(i);
}

std::optional<int64_t> OptInt(const Stmt& s, int col) {
  if (s.IsNull(col)) return std::nullopt;
  return s.Int(col);
}

constexpr const char* kSiteColumns =
    "id, code, name, participant, area, lat_e6, lon_e6, type, minerals, operator, workers, "
    "armed_presence, armed_roles, child_labour, source, organisation, created_at";

Site SiteAt(const Stmt& s) {
  Site x;
  x.id = s.Int(0);
  x.code = s.Text(1);
  x.name = s.Text(2);
  x.participant = s.Text(3);
  x.area = s.Text(4);
  x.location = PointAt(s, 5);
  x.type = s.Text(7);
  x.minerals = store::sql::SplitTextList(s.Text(8));
  x.operator_name = s.Text(9);
  x.workers = OptInt(s, 10);
  x.armed_presence = s.Text(11);
  x.armed_roles = store::sql::SplitTextList(s.Text(12));
  x.child_labour = s.Text(13);
  x.source = s.Text(14);
  x.organisation = s.Text(15);
  x.created_at = s.Text(16);
  return x;
}

constexpr const char* kReportColumns =
    "id, instance_id, form_id, form_version, organisation, device_id, user_id, deprecated_id, "
    "encrypted, xml_sha256, length(xml), received_at, category, occurred_on, participant, area, "
    "site_code, lat_e6, lon_e6, description, people_affected, restricted, media, text_restricted";

Report ReportAt(const Stmt& s) {
  Report r;
  r.id = s.Int(0);
  r.instance_id = s.Text(1);
  r.form_id = s.Text(2);
  r.form_version = s.Text(3);
  r.organisation = s.Text(4);
  r.device_id = s.Int(5);
  r.user_id = s.Int(6);
  r.deprecated_id = s.Text(7);
  r.encrypted = s.Int(8) != 0;
  r.xml_sha256 = s.Text(9);
  r.xml_size = s.Int(10);
  r.received_at = s.Text(11);
  r.category = s.Text(12);
  r.occurred_on = s.Text(13);
  r.participant = s.Text(14);
  r.area = s.Text(15);
  r.site_code = s.Text(16);
  r.location = PointAt(s, 17);
  r.description = s.Text(19);
  r.people_affected = OptInt(s, 20);
  r.restricted = s.Int(21) != 0;
  r.media = store::sql::SplitTextList(s.Text(22));
  r.text_restricted = s.Int(23) != 0;
  return r;
}

class SqlMonitorStore final : public MonitorStore {
 public:
  explicit SqlMonitorStore(std::string attachments_dir)
      : attachments_dir_(std::move(attachments_dir)) {}

  Status AddOrganisation(store::Txn& t, const Organisation& o) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add organisation"));
    Stmt s(t, "INSERT INTO monitor_organisations (code, name, created_at) VALUES (?, ?, ?)");
    return s.Bind(1, o.code).Bind(2, o.name).Bind(3, o.created_at).Run("add organisation");
  }
  Result<std::vector<Organisation>> ListOrganisations(store::Txn& t) override {
    Stmt s(t, "SELECT code, name, created_at FROM monitor_organisations ORDER BY code");
    std::vector<Organisation> out;
    while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2)});
    OPENKP_RETURN_IF_ERROR(s.status("list organisations"));
    return out;
  }
  Status SetMember(store::Txn& t, int64_t user_id, const std::string& org) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "set member"));
    Stmt s(t,
           "INSERT INTO monitor_members (user_id, organisation) VALUES (?, ?) "
           "ON CONFLICT (user_id) DO UPDATE SET organisation = excluded.organisation");
    return s.Bind(1, user_id).Bind(2, org).Run("set member");
  }
  Result<std::string> MemberOf(store::Txn& t, int64_t user_id) override {
    Stmt s(t, "SELECT organisation FROM monitor_members WHERE user_id = ?");
    s.Bind(1, user_id);
    if (s.Step()) return s.Text(0);
    OPENKP_RETURN_IF_ERROR(s.status("member"));
    return Status::NotFound("the user belongs to no organisation");
  }

  Result<int64_t> AddDevice(store::Txn& t, const Device& d, const std::string& ha1) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add device"));
    Stmt s(t,
           "INSERT INTO monitor_devices (username, organisation, label, ha1, created_at) "
           "VALUES (?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, d.username).Bind(2, d.organisation).Bind(3, d.label).Bind(4, ha1);
    s.Bind(5, d.created_at);
    return s.InsertedId("add device");
  }
  static Device DeviceAt(const Stmt& s) {
    return {s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5)};
  }
  Result<std::pair<Device, std::string>> DeviceByUsername(store::Txn& t,
                                                          const std::string& username) override {
    Stmt s(t,
           "SELECT id, username, organisation, label, created_at, coalesce(revoked_at, ''), ha1 "
           "FROM monitor_devices WHERE username = ?");
    s.Bind(1, username);
    if (s.Step()) return std::make_pair(DeviceAt(s), s.Text(6));
    OPENKP_RETURN_IF_ERROR(s.status("device"));
    return Status::NotFound("no device '" + username + "'");
  }
  Result<Device> GetDevice(store::Txn& t, int64_t id) override {
    Stmt s(t,
           "SELECT id, username, organisation, label, created_at, coalesce(revoked_at, '') "
           "FROM monitor_devices WHERE id = ?");
    s.Bind(1, id);
    if (s.Step()) return DeviceAt(s);
    OPENKP_RETURN_IF_ERROR(s.status("device"));
    return Status::NotFound("no device " + std::to_string(id));
  }
  Result<std::vector<Device>> ListDevices(store::Txn& t, const std::string& org) override {
    Stmt s(t,
           "SELECT id, username, organisation, label, created_at, coalesce(revoked_at, '') "
           "FROM monitor_devices WHERE ? = '' OR organisation = ? ORDER BY id");
    s.Bind(1, org).Bind(2, org);
    std::vector<Device> out;
    while (s.Step()) out.push_back(DeviceAt(s));
    OPENKP_RETURN_IF_ERROR(s.status("list devices"));
    return out;
  }
  Status RevokeDevice(store::Txn& t, int64_t id, const std::string& at) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "revoke device"));
    Stmt s(t, "UPDATE monitor_devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    return s.Bind(1, at).Bind(2, id).Run("revoke device");
  }

  Result<int64_t> AddSite(store::Txn& t, const Site& x) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add site"));
    Stmt s(t,
           "INSERT INTO monitor_sites (code, name, participant, area, lat_e6, lon_e6, type, "
           "minerals, operator, workers, armed_presence, armed_roles, child_labour, source, "
           "organisation, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
           "RETURNING id");
    s.Bind(1, x.code).Bind(2, x.name).Bind(3, x.participant).Bind(4, x.area);
    BindPoint(s, 5, x.location);
    s.Bind(7, x.type).Bind(8, store::sql::JoinTextList(x.minerals)).Bind(9, x.operator_name);
    BindOptInt(s, 10, x.workers);
    s.Bind(11, x.armed_presence)
        .Bind(12, store::sql::JoinTextList(x.armed_roles))
        .Bind(13, x.child_labour)
        .Bind(14, x.source)
        .Bind(15, x.organisation)
        .Bind(16, x.created_at);
    return s.InsertedId("add site " + x.code);
  }
  Result<Site> SiteByCode(store::Txn& t, const std::string& code) override {
    Stmt s(t, std::string("SELECT ") + kSiteColumns + " FROM monitor_sites WHERE code = ?");
    s.Bind(1, code);
    if (s.Step()) return SiteAt(s);
    OPENKP_RETURN_IF_ERROR(s.status("site"));
    return Status::NotFound("no site '" + code + "'");
  }
  Result<std::vector<Site>> ListSites(store::Txn& t, const std::string& participant) override {
    Stmt s(t, std::string("SELECT ") + kSiteColumns +
                  " FROM monitor_sites WHERE ? = '' OR participant = ? ORDER BY code");
    s.Bind(1, participant).Bind(2, participant);
    std::vector<Site> out;
    while (s.Step()) out.push_back(SiteAt(s));
    OPENKP_RETURN_IF_ERROR(s.status("list sites"));
    return out;
  }
  Result<int64_t> AddVisit(store::Txn& t, int64_t site_id, const Visit& v) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add visit"));
    Stmt s(t,
           "INSERT INTO monitor_visits (site_id, visited_on, workers, minerals, armed_presence, "
           "armed_roles, child_labour, mercury, notes, organisation, report_id, created_at) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, site_id).Bind(2, v.visited_on);
    BindOptInt(s, 3, v.workers);
    s.Bind(4, store::sql::JoinTextList(v.minerals))
        .Bind(5, v.armed_presence)
        .Bind(6, store::sql::JoinTextList(v.armed_roles))
        .Bind(7, v.child_labour)
        .Bind(8, v.mercury)
        .Bind(9, v.notes)
        .Bind(10, v.organisation);
    if (v.report_id != 0) {
      s.Bind(11, v.report_id);
    } else {
      s.BindNull(11);
    }
    s.Bind(12, v.created_at);
    return s.InsertedId("add visit");
  }
  Result<std::vector<Visit>> ListVisits(store::Txn& t, const std::string& code) override {
    Stmt s(t,
           "SELECT v.id, s.code, v.visited_on, v.workers, v.minerals, v.armed_presence, "
           "v.armed_roles, v.child_labour, v.mercury, v.notes, v.organisation, "
           "coalesce(v.report_id, 0), v.created_at FROM monitor_visits v JOIN monitor_sites s "
           "ON s.id = v.site_id WHERE ? = '' OR s.code = ? ORDER BY v.visited_on DESC, v.id DESC");
    s.Bind(1, code).Bind(2, code);
    std::vector<Visit> out;
    while (s.Step()) {
      Visit v;
      v.id = s.Int(0);
      v.site_code = s.Text(1);
      v.visited_on = s.Text(2);
      v.workers = OptInt(s, 3);
      v.minerals = store::sql::SplitTextList(s.Text(4));
      v.armed_presence = s.Text(5);
      v.armed_roles = store::sql::SplitTextList(s.Text(6));
      v.child_labour = s.Text(7);
      v.mercury = s.Text(8);
      v.notes = s.Text(9);
      v.organisation = s.Text(10);
      v.report_id = s.Int(11);
      v.created_at = s.Text(12);
      out.push_back(std::move(v));
    }
    OPENKP_RETURN_IF_ERROR(s.status("list visits"));
    return out;
  }

  Result<int64_t> AddReport(store::Txn& t, const Report& r, const std::string& xml) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add report"));
    Stmt s(t,
           "INSERT INTO monitor_reports (instance_id, form_id, form_version, organisation, "
           "device_id, user_id, deprecated_id, encrypted, xml, xml_sha256, received_at, "
           "category, occurred_on, participant, area, site_code, lat_e6, lon_e6, description, "
           "people_affected, restricted, media, text_restricted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
           "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, r.instance_id).Bind(2, r.form_id).Bind(3, r.form_version).Bind(4, r.organisation);
    if (r.device_id != 0) {
      s.Bind(5, r.device_id);
    } else {
      s.BindNull(5);
    }
    if (r.user_id != 0) {
      s.Bind(6, r.user_id);
    } else {
      s.BindNull(6);
    }
    s.Bind(7, r.deprecated_id)
        .Bind(8, int64_t{r.encrypted ? 1 : 0})
        .BindBlob(9, xml)
        .Bind(10, r.xml_sha256)
        .Bind(11, r.received_at)
        .Bind(12, r.category)
        .Bind(13, r.occurred_on)
        .Bind(14, r.participant)
        .Bind(15, r.area)
        .Bind(16, r.site_code);
    BindPoint(s, 17, r.location);
    s.Bind(19, r.description);
    BindOptInt(s, 20, r.people_affected);
    s.Bind(21, int64_t{r.restricted ? 1 : 0})
        .Bind(22, store::sql::JoinTextList(r.media))
        .Bind(23, int64_t{r.text_restricted ? 1 : 0});
    return s.InsertedId("add report " + r.instance_id);
  }

  Status Complete(store::Txn& t, Report& r) {
    {
      Stmt s(t,
             "SELECT status FROM monitor_report_status WHERE report_id = ? ORDER BY id DESC "
             "LIMIT 1");
      s.Bind(1, r.id);
      if (s.Step()) r.status = s.Text(0);
      OPENKP_RETURN_IF_ERROR(s.status("report status"));
    }
    {
      Stmt s(t,
             "SELECT id, name, content_type, size, sha256, received_at FROM monitor_attachments "
             "WHERE report_id = ? ORDER BY id");
      s.Bind(1, r.id);
      while (s.Step()) {
        r.attachments.push_back({s.Int(0), s.Text(1), s.Text(2), s.Int(3), s.Text(4), s.Text(5)});
      }
      OPENKP_RETURN_IF_ERROR(s.status("report attachments"));
    }
    Stmt s(t,
           "SELECT instance_id FROM monitor_reports WHERE deprecated_id = ? ORDER BY id DESC "
           "LIMIT 1");
    s.Bind(1, r.instance_id);
    if (s.Step()) r.superseded_by = s.Text(0);
    return s.status("report corrections");
  }
  Result<Report> OneReport(store::Txn& t, const char* where, const std::string& key, int64_t id) {
    Stmt s(t, std::string("SELECT ") + kReportColumns + " FROM monitor_reports WHERE " + where);
    if (key.empty()) {
      s.Bind(1, id);
    } else {
      s.Bind(1, key);
    }
    if (!s.Step()) {
      OPENKP_RETURN_IF_ERROR(s.status("report"));
      return Status::NotFound(key.empty() ? "no report " + std::to_string(id)
                                          : "no report with instanceID " + key);
    }
    Report r = ReportAt(s);
    OPENKP_RETURN_IF_ERROR(Complete(t, r));
    return r;
  }
  Result<Report> GetReport(store::Txn& t, int64_t id) override {
    return OneReport(t, "id = ?", "", id);
  }
  Result<Report> ReportByInstance(store::Txn& t, const std::string& instance_id) override {
    return OneReport(t, "instance_id = ?", instance_id, 0);
  }
  Result<std::vector<Report>> ListReports(store::Txn& t, const ReportFilter& f) override {
    // Visibility is part of the query, before LIMIT: a page never ends early at a hidden
    // report, so paging cannot tell where hidden ones are.
    const std::string latest_status =
        "(SELECT status FROM monitor_report_status WHERE report_id = r.id ORDER BY id DESC "
        "LIMIT 1)";
    Stmt s(t, std::string("SELECT ") + kReportColumns +
                  " FROM monitor_reports r WHERE id > ? AND (? = '' OR organisation = ?) AND (? = "
                  "'' OR participant = ?) AND (? = '' OR category = ?) AND (? = '' OR occurred_on "
                  ">= ?) AND (? = '' OR occurred_on <= ?) AND (? = '' OR " +
                  latest_status +
                  " = ?) AND (? = 0 OR organisation = ? OR (form_id = 'openkp_incident' AND "
                  "encrypted = 0 AND restricted = 0 AND NOT EXISTS (SELECT 1 FROM monitor_reports "
                  "c WHERE c.deprecated_id = r.instance_id) AND " +
                  latest_status +
                  " IN ('verified', 'referred', 'answered', 'resolved'))) ORDER BY id LIMIT ?");
    s.Bind(1, f.after_id)
        .Bind(2, f.organisation)
        .Bind(3, f.organisation)
        .Bind(4, f.participant)
        .Bind(5, f.participant)
        .Bind(6, f.category)
        .Bind(7, f.category)
        .Bind(8, f.from)
        .Bind(9, f.from)
        .Bind(10, f.to)
        .Bind(11, f.to)
        .Bind(12, f.status)
        .Bind(13, f.status)
        .Bind(14, int64_t{f.public_only ? 1 : 0})
        .Bind(15, f.also_organisation)
        .Bind(16, f.limit);
    std::vector<Report> out;
    while (s.Step()) out.push_back(ReportAt(s));
    OPENKP_RETURN_IF_ERROR(s.status("list reports"));
    for (auto& r : out) OPENKP_RETURN_IF_ERROR(Complete(t, r));
    return out;
  }
  Result<std::string> ReportXml(store::Txn& t, int64_t id) override {
    Stmt s(t, "SELECT xml FROM monitor_reports WHERE id = ?");
    s.Bind(1, id);
    if (s.Step()) return s.Blob(0);
    OPENKP_RETURN_IF_ERROR(s.status("report xml"));
    return Status::NotFound("no report " + std::to_string(id));
  }

  Status AddReporter(store::Txn& t, int64_t report_id, const Reporter& who) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add reporter"));
    Stmt s(t, "INSERT INTO monitor_reporters (report_id, name, contact) VALUES (?, ?, ?)");
    return s.Bind(1, report_id).Bind(2, who.name).Bind(3, who.contact).Run("add reporter");
  }
  Result<std::optional<Reporter>> GetReporter(store::Txn& t, int64_t report_id) override {
    Stmt s(t, "SELECT name, contact FROM monitor_reporters WHERE report_id = ?");
    s.Bind(1, report_id);
    if (s.Step()) return std::optional<Reporter>(Reporter{s.Text(0), s.Text(1)});
    OPENKP_RETURN_IF_ERROR(s.status("reporter"));
    return std::optional<Reporter>();
  }

  Status StageAttachment(const Attachment& a, ByteSource& source, uint64_t offset) override {
    if (attachments_dir_.empty()) return {};
    return WriteAttachmentFile(attachments_dir_, a.sha256, a.size, source, offset);
  }

  Result<int64_t> AddAttachment(store::Txn& t, int64_t report_id, const Attachment& a,
                                ByteSource& source, uint64_t offset) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add attachment"));
    if (!attachments_dir_.empty()) {
      // Written by StageAttachment before the transaction as a rule (here only if not).
      OPENKP_RETURN_IF_ERROR(StageAttachment(a, source, offset));
      Stmt s(t,
             "INSERT INTO monitor_attachments (report_id, name, content_type, size, sha256, data, "
             "received_at, in_file) VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id");
      s.Bind(1, report_id).Bind(2, a.name).Bind(3, a.content_type).Bind(4, a.size);
      s.Bind(5, a.sha256).BindBlob(6, std::string()).Bind(7, a.received_at);
      return s.InsertedId("add attachment " + a.name);
    }
    // Statements take a blob whole on every backend: the bytes are read into memory (an
    // attachment is at most a request, 32 MiB), and ours are freed once bound.
    std::string bytes;
    bytes.reserve(static_cast<size_t>(a.size));
    OPENKP_RETURN_IF_ERROR(ForEachChunk(source, offset, static_cast<uint64_t>(a.size),
                                        [&](std::string_view chunk, uint64_t) {
                                          bytes.append(chunk);
                                          return Status();
                                        }));
    Stmt s(t,
           "INSERT INTO monitor_attachments (report_id, name, content_type, size, sha256, data, "
           "received_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, report_id).Bind(2, a.name).Bind(3, a.content_type).Bind(4, a.size);
    s.Bind(5, a.sha256).BindBlob(6, bytes).Bind(7, a.received_at);
    std::string().swap(bytes);
    return s.InsertedId("add attachment " + a.name);
  }
  Result<std::pair<Attachment, std::string>> ReadAttachment(store::Txn& t, int64_t report_id,
                                                            const std::string& name) override {
    Stmt s(t,
           "SELECT id, name, content_type, size, sha256, received_at, data, in_file FROM "
           "monitor_attachments WHERE report_id = ? AND name = ?");
    s.Bind(1, report_id).Bind(2, name);
    if (s.Step()) {
      Attachment a{s.Int(0), s.Text(1), s.Text(2), s.Int(3), s.Text(4), s.Text(5)};
      if (s.Int(7) == 0) return std::make_pair(std::move(a), s.Blob(6));
      if (attachments_dir_.empty()) {
        return Status::Internal("attachment " + a.sha256 +
                                " is kept as a file, and this store has no attachment directory");
      }
      auto bytes = ReadAttachmentFile(attachments_dir_, a.sha256, a.size);
      if (!bytes.ok()) return bytes.status();
      return std::make_pair(std::move(a), std::move(*bytes));
    }
    OPENKP_RETURN_IF_ERROR(s.status("attachment"));
    return Status::NotFound("report " + std::to_string(report_id) + " has no file '" + name + "'");
  }

  Status SetFormKey(store::Txn& t, const std::string& org, const std::string& key,
                    const std::string& at) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "set form key"));
    Stmt s(t,
           "INSERT INTO monitor_form_keys (organisation, public_key, set_at) VALUES (?, ?, ?) "
           "ON CONFLICT (organisation) DO UPDATE SET public_key = excluded.public_key, "
           "set_at = excluded.set_at");
    return s.Bind(1, org).Bind(2, key).Bind(3, at).Run("set form key");
  }
  Result<std::string> FormKey(store::Txn& t, const std::string& org) override {
    Stmt s(t, "SELECT public_key FROM monitor_form_keys WHERE organisation = ?");
    s.Bind(1, org);
    if (s.Step()) return s.Text(0);
    OPENKP_RETURN_IF_ERROR(s.status("form key"));
    return std::string();
  }

  Status AddStatus(store::Txn& t, int64_t report_id, const StatusChange& x) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add status"));
    Stmt s(t,
           "INSERT INTO monitor_report_status (report_id, status, actor, reason, at) VALUES (?, "
           "?, ?, ?, ?)");
    return s.Bind(1, report_id)
        .Bind(2, x.status)
        .Bind(3, x.actor)
        .Bind(4, x.reason)
        .Bind(5, x.at)
        .Run("add status");
  }
  Status AddDigestUse(store::Txn& t, const std::string& nonce, const std::string& nc,
                      int64_t expires_at, int64_t now) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "record a Digest use"));
    Stmt old(t, "DELETE FROM monitor_digest_uses WHERE expires_at < ?");
    OPENKP_RETURN_IF_ERROR(old.Bind(1, now).Run("forget expired Digest uses"));
    Stmt s(t, "INSERT INTO monitor_digest_uses (nonce, nc, expires_at) VALUES (?, ?, ?)");
    return s.Bind(1, nonce).Bind(2, nc).Bind(3, expires_at).Run("record a Digest use");
  }

  Result<bool> DigestUsed(store::Txn& t, const std::string& nonce, const std::string& nc) override {
    Stmt s(t, "SELECT 1 FROM monitor_digest_uses WHERE nonce = ? AND nc = ?");
    s.Bind(1, nonce).Bind(2, nc);
    const bool used = s.Step();
    OPENKP_RETURN_IF_ERROR(s.status("find a Digest use"));
    return used;
  }

  Result<std::vector<StatusChange>> ListStatus(store::Txn& t, int64_t report_id) override {
    Stmt s(t,
           "SELECT status, actor, reason, at FROM monitor_report_status WHERE report_id = ? "
           "ORDER BY id");
    s.Bind(1, report_id);
    std::vector<StatusChange> out;
    while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3)});
    OPENKP_RETURN_IF_ERROR(s.status("list status"));
    return out;
  }

 private:
  const std::string attachments_dir_;  // "" for bytes in the database
};

}  // namespace

Result<std::unique_ptr<MonitorStore>> NewMonitorStore(store::Database& db,
                                                      std::string attachments_dir) {
  const std::string scheme = db.scheme();
  if (scheme == "sqlite" || scheme == "postgresql") {
    return std::unique_ptr<MonitorStore>(
        std::make_unique<SqlMonitorStore>(std::move(attachments_dir)));
  }
  return Status::Invalid("store", "scheme",
                         "monitoring has no store for " + std::string(db.scheme()));
}

}  // namespace openkp::monitor
