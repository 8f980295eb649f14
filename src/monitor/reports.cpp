// Incident reports and site-visit submissions: receipt (OpenRosa or JSON), corrections,
// review, and what each viewer may see.
#include <boost/json.hpp>

#include "core/iso3166.h"
#include "core/text.h"
#include "crypto/crypto.h"
#include "monitor/geo.h"
#include "monitor/monitor.h"
#include "monitor/monitor_internal.h"
#include "monitor/multipart.h"
#include "monitor/xml.h"

namespace openkp::monitor {

namespace json = boost::json;
using internal::CheckText;
using internal::Denied;
using internal::IsReviewer;
using internal::OneOf;

namespace {

std::string NewInstanceId() {
  std::string b = crypto::RandomBytes(16);
  b[6] = static_cast<char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  const std::string h = crypto::HexEncode(b);
  return "uuid:" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
         h.substr(16, 4) + "-" + h.substr(20);
}

// SHA-256 of a range of an upload, read in chunks.
Result<std::string> HashRange(ByteSource& source, uint64_t offset, uint64_t size) {
  crypto::Sha256Hasher h;
  OPENKP_RETURN_IF_ERROR(ForEachChunk(source, offset, size, [&h](std::string_view chunk, uint64_t) {
    h.Update(chunk);
    return Status();
  }));
  return h.FinishHex();
}

}  // namespace

Result<SubmitResult> Monitor::Submit(const Device& device, const Submission& submission) {
  return Store(&device, nullptr, device.organisation, submission, nullptr, false);
}

Result<SubmitResult> Monitor::FileIncident(const accounts::Principal& who,
                                           const IncidentInput& in) {
  auto org = OrganisationOf(who);
  if (!org.ok()) return org.status();
  if (org->empty()) return Denied("only monitors (members of an organisation) file incidents");
  const Form* form = FindForm("openkp_incident");
  std::string xml =
      "<?xml version=\"1.0\"?>\n<data xmlns:orx=\"http://openrosa.org/xforms\" "
      "id=\"openkp_incident\" orx:version=\"" +
      form->version + "\">";
  auto el = [&xml](const char* name, const std::string& v) {
    xml += std::string("<") + name + ">" + XmlEscape(v) + "</" + name + ">";
  };
  el("category", in.category);
  el("occurred_on", in.occurred_on);
  el("participant", in.participant);
  el("area", in.area);
  el("location_method", in.location ? "gps" : "site");
  el("location", in.location
                     ? FormatE6(in.location->lat_e6) + " " + FormatE6(in.location->lon_e6) + " 0 0"
                     : "");
  el("site_code", in.site_code);
  el("description", in.description);
  el("people_affected", in.people_affected ? std::to_string(*in.people_affected) : "");
  el("restricted", in.restricted ? "yes" : "no");
  el("photo", in.photo ? in.photo->name : "");
  xml += "<meta><instanceID>" + NewInstanceId() + "</instanceID><deprecatedID>" +
         XmlEscape(in.deprecated_id) + "</deprecatedID></meta></data>\n";
  Submission s;
  s.xml = std::move(xml);
  std::optional<StringSource> photo;
  if (in.photo) {
    if (in.photo->content_type.rfind("image/", 0) != 0) {
      return Status::Invalid("photo.content_type", "image", "must be an image/... type");
    }
    photo.emplace(in.photo->bytes);
    s.files.push_back({in.photo->name, in.photo->content_type, 0, in.photo->bytes.size()});
    s.source = &*photo;
  }
  // The identity goes apart from the report, never into its XML.
  OPENKP_RETURN_IF_ERROR(CheckText("reporter.name", in.reporter.name, 200, false));
  OPENKP_RETURN_IF_ERROR(CheckText("reporter.contact", in.reporter.contact, 200, false));
  const bool anonymous = in.reporter.name.empty() && in.reporter.contact.empty();
  return Store(nullptr, &who, *org, s, anonymous ? nullptr : &in.reporter, in.text_restricted);
}

Result<SubmitResult> Monitor::Store(const Device* device, const accounts::Principal* user,
                                    const std::string& organisation, const Submission& submission,
                                    const Reporter* reporter, bool text_restricted) {
  auto in = ParseInstance(submission.xml);
  if (!in.ok()) return in.status();
  const Form* form = FindForm(in->form_id);
  if (form == nullptr) {
    return Status::NotFound("openkp serves no form '" + in->form_id + "'");
  }
  // The organisation's encrypted variant (when it has a key) is a version of the same form,
  // and what it sends is encrypted.
  // Any key's variant ("<version>-e" and 8 hex digits): a phone may still hold instances
  // encrypted under a key the organisation has since replaced, and they must not be stuck.
  const std::string prefix = form->version + "-e";
  const bool variant =
      in->encrypted && in->version.size() == prefix.size() + 8 &&
      in->version.compare(0, prefix.size(), prefix) == 0 &&
      in->version.find_first_not_of("0123456789abcdef", prefix.size()) == std::string::npos;
  if (in->version != form->version && !variant) {
    return Status::Invalid("version", "form-version",
                           "form " + form->id + " version '" + in->version +
                               "' is not the one served ('" + form->version +
                               "'): download the form again");
  }
  SubmitResult out;
  out.xml_sha256 = crypto::Sha256Hex(submission.xml);
  // The files, checked and hashed before the transaction.
  std::vector<Attachment> files;
  for (const auto& f : submission.files) {
    OPENKP_RETURN_IF_ERROR(CheckAttachmentName(f.name));
    if (static_cast<int64_t>(f.size) > options_.max_attachment_bytes) {
      return Status(core::Code::kPayloadTooLarge,
                    "file '" + f.name + "' exceeds " +
                        std::to_string(options_.max_attachment_bytes) + " bytes");
    }
    auto sha = HashRange(*submission.source, f.offset, f.size);
    if (!sha.ok()) return sha.status();
    Attachment a;
    a.name = f.name;
    a.content_type = f.content_type.empty() ? ContentTypeFor(f.name) : f.content_type;
    a.size = static_cast<int64_t>(f.size);
    a.sha256 = *sha;
    // On the disk before the transaction (with a file store), so that the database's writer,
    // which serves every request, never waits for a file.
    OPENKP_RETURN_IF_ERROR(store_->StageAttachment(a, *submission.source, f.offset));
    files.push_back(std::move(a));
  }
  const std::string actor = device != nullptr ? device->username : user->user.name;
  const std::string now = core::NowUtcTimestamp();
  const core::Date today = today_();
  auto result = store::WriteValue(db_, [&](store::Txn& t) -> Result<SubmitResult> {
    SubmitResult r = out;
    std::vector<std::string> have;
    std::vector<std::string> media;
    auto existing = store_->ReportByInstance(t, in->instance_id);
    if (existing.ok()) {
      if (existing->xml_sha256 != out.xml_sha256) {
        return Status(core::Code::kAlreadyExists,
                      "a different submission with instanceID " + in->instance_id +
                          " was received: reports are never altered; send a correction (a new "
                          "instance naming this one in meta/deprecatedID)");
      }
      if (existing->organisation != organisation) {
        return Status(core::Code::kAlreadyExists,
                      "instanceID " + in->instance_id + " belongs to another organisation");
      }
      r.report_id = existing->id;
      media = existing->media;
      for (const auto& a : existing->attachments) {
        for (const auto& f : files) {
          if (f.name == a.name && f.sha256 != a.sha256) {
            return Status(core::Code::kAlreadyExists,
                          "the report already has a different file '" + a.name + "'");
          }
        }
        have.push_back(a.name);
      }
    } else if (existing.status().code() != core::Code::kNotFound) {
      return existing.status();
    } else {
      auto x = internal::Extract(*in, *form, *store_, t, today);
      if (!x.ok()) return x.status();
      Report& rep = x->report;
      rep.instance_id = in->instance_id;
      rep.form_id = form->id;
      rep.form_version = form->version;
      rep.organisation = organisation;
      rep.device_id = device != nullptr ? device->id : 0;
      rep.user_id = user != nullptr ? user->user.id : 0;
      rep.deprecated_id = in->deprecated_id;
      rep.encrypted = in->encrypted;
      rep.xml_sha256 = out.xml_sha256;
      rep.received_at = now;
      rep.text_restricted = text_restricted;
      if (reporter != nullptr) x->reporter = *reporter;
      for (const auto& m : rep.media) OPENKP_RETURN_IF_ERROR(CheckAttachmentName(m));
      if (!rep.deprecated_id.empty()) {
        auto old = store_->ReportByInstance(t, rep.deprecated_id);
        if (!old.ok() || old->organisation != organisation) {
          return Status::Invalid("deprecatedID", "instance",
                                 "meta/deprecatedID names no report of this organisation");
        }
        if (old->form_id != rep.form_id) {
          return Status::Invalid("deprecatedID", "form", "a correction must use the same form");
        }
      }
      auto id = store_->AddReport(t, rep, submission.xml);
      if (!id.ok()) return id.status();
      r.report_id = *id;
      r.created = true;
      media = rep.media;
      OPENKP_RETURN_IF_ERROR(store_->AddStatus(
          t, *id,
          {"received", actor,
           device != nullptr ? "received from a device" : "filed through the API", now}));
      if (x->reporter) OPENKP_RETURN_IF_ERROR(store_->AddReporter(t, *id, *x->reporter));
      OPENKP_RETURN_IF_ERROR(
          internal::Event(db_, t, "monitor.report.received", "report:" + std::to_string(*id), actor,
                          {{"report", *id},
                           {"form", form->id},
                           {"sha256", out.xml_sha256},
                           {"bytes", static_cast<int64_t>(submission.xml.size())}}));
      if (x->visit) {
        x->visit->organisation = organisation;
        x->visit->report_id = *id;
        x->visit->created_at = now;
        auto v = internal::AddVisit(db_, *store_, t, *x->visit, actor);
        if (!v.ok()) return v.status();
      }
    }
    for (const auto& a : files) {
      if (std::find(have.begin(), have.end(), a.name) != have.end()) continue;  // a resend
      if (std::find(media.begin(), media.end(), a.name) == media.end()) {
        return Status::Invalid("attachment", "named",
                               "the instance does not name a file '" + a.name + "'");
      }
      Attachment stored = a;
      stored.received_at = now;
      const auto& f = *std::find_if(submission.files.begin(), submission.files.end(),
                                    [&](const SubmissionFile& s) { return s.name == a.name; });
      auto aid = store_->AddAttachment(t, r.report_id, stored, *submission.source, f.offset);
      if (!aid.ok()) return aid.status();
      have.push_back(a.name);
      r.added.push_back(a.name);
      OPENKP_RETURN_IF_ERROR(internal::Event(
          db_, t, "monitor.attachment.received",
          "report:" + std::to_string(r.report_id) + "/file:" + std::to_string(*aid), actor,
          {{"report", r.report_id}, {"sha256", a.sha256}, {"bytes", a.size}}));
    }
    for (const auto& m : media) {
      if (std::find(have.begin(), have.end(), m) == have.end()) r.missing.push_back(m);
    }
    return r;
  });
  return result;
}

Result<std::vector<RiskFlag>> Monitor::Risk(const accounts::Principal* who,
                                            const std::string& participant,
                                            const RiskThresholds& thresholds) {
  std::vector<Report> all;
  ReportFilter f;
  f.participant = participant;
  f.limit = 10000;
  // Every page of what the caller may see, not redacted: distinct sites count (their codes, and
  // site-scope flags, stay with those who may see sites in reports).
  while (true) {
    auto page = VisibleReports(who, f);
    if (!page.ok()) return page.status();
    if (page->empty()) break;
    f.after_id = page->back().id;
    for (auto& r : *page) all.push_back(std::move(r));
  }
  auto flags = AssessRisk(all, today_(), thresholds);
  if (IsReviewer(who)) return flags;
  std::vector<RiskFlag> out;
  for (auto& fl : flags) {
    if (fl.scope != "site") out.push_back(std::move(fl));
  }
  return out;
}

bool Monitor::IsPublic(const Report& r) {
  // The list query (MonitorStore::ListReports, public_only) applies the same rule.
  // A corrected report gives way to its correction (public once reviewed in its turn): a
  // reporter's later "restricted" hides the first version too, and nothing counts twice.
  return r.form_id == "openkp_incident" && !r.encrypted && !r.restricted &&
         r.superseded_by.empty() && IsReviewedStatus(r.status);
}

std::string Monitor::OrganisationOrNone(const accounts::Principal* who) {
  if (who == nullptr) return "";
  auto org = OrganisationOf(*who);
  return org.ok() ? *org : "";
}

Viewer Monitor::ViewerFor(const accounts::Principal* who, const std::string& organisation,
                          const Report& r) {
  if (who == nullptr) return Viewer::kPublic;
  if (IsReviewer(who)) return Viewer::kReviewer;
  if (!organisation.empty() && organisation == r.organisation) return Viewer::kOrganisation;
  return Viewer::kPublic;
}

Viewer Monitor::ViewerOf(const accounts::Principal* who, const Report& r) {
  return ViewerFor(who, IsReviewer(who) ? "" : OrganisationOrNone(who), r);
}

Report Monitor::Redact(Report r, Viewer viewer) const {
  if (viewer != Viewer::kPublic) return r;
  if (r.location) {
    r.location = PublicPoint(*r.location, options_.digest_secret, options_.displace_metres);
  }
  r.instance_id.clear();
  r.deprecated_id.clear();
  r.superseded_by.clear();  // a correction may not be public
  r.device_id = 0;
  r.user_id = 0;
  r.received_at = r.received_at.substr(0, 10);
  if (r.text_restricted) r.description.clear();
  // The site would give the place away: a site's exact position is known to its monitors and
  // often published (IPIS). The public sees the area.
  r.site_code.clear();
  for (auto& a : r.attachments) {
    a.name.clear();  // a file name can name a person
    a.content_type.clear();
  }
  r.media.clear();
  return r;
}

Result<std::vector<Report>> Monitor::Reports(const accounts::Principal* who,
                                             const ReportFilter& f) {
  auto list = VisibleReports(who, f);
  if (!list.ok()) return list.status();
  const std::string org = IsReviewer(who) ? "" : OrganisationOrNone(who);
  for (auto& r : *list) r = Redact(std::move(r), ViewerFor(who, org, r));
  return list;
}

Result<std::vector<Report>> Monitor::VisibleReports(const accounts::Principal* who,
                                                    const ReportFilter& f) {
  ReportFilter visible = f;
  const std::string org = IsReviewer(who) ? "" : OrganisationOrNone(who);
  if (!IsReviewer(who)) {
    visible.public_only = true;
    visible.also_organisation = org;
  }
  auto list = store::ReadValue(db_, [&](store::Txn& t) { return store_->ListReports(t, visible); });
  if (!list.ok()) return list.status();
  std::vector<Report> out;
  for (auto& r : *list) {
    if (ViewerFor(who, org, r) == Viewer::kPublic && !IsPublic(r)) continue;
    out.push_back(std::move(r));
  }
  return out;
}

Result<int64_t> Monitor::CheckAttachments() {
  int64_t checked = 0;
  ReportFilter page;
  page.limit = 1000;
  for (;;) {
    auto reports =
        store::ReadValue(db_, [&](store::Txn& t) { return store_->ListReports(t, page); });
    if (!reports.ok()) return reports.status();
    if (reports->empty()) return checked;
    for (const auto& r : *reports) {
      for (const auto& a : r.attachments) {
        auto read = store::ReadValue(
            db_, [&](store::Txn& t) { return store_->ReadAttachment(t, r.id, a.name); });
        if (!read.ok()) return read.status();
        ++checked;
      }
    }
    page.after_id = reports->back().id;
  }
}

Result<Report> Monitor::GetReport(const accounts::Principal* who, int64_t id) {
  auto r = store::ReadValue(db_, [&](store::Txn& t) { return store_->GetReport(t, id); });
  if (!r.ok()) return r.status();
  const Viewer v = ViewerOf(who, *r);
  if (v == Viewer::kPublic && !IsPublic(*r)) {
    return Status::NotFound("no report " + std::to_string(id));
  }
  return Redact(std::move(*r), v);
}

Result<std::vector<StatusChange>> Monitor::History(const accounts::Principal* who, int64_t id) {
  auto r = store::ReadValue(db_, [&](store::Txn& t) { return store_->GetReport(t, id); });
  if (!r.ok()) return r.status();
  const Viewer v = ViewerOf(who, *r);
  if (v == Viewer::kPublic && !IsPublic(*r)) {
    return Status::NotFound("no report " + std::to_string(id));
  }
  auto h = store::ReadValue(db_, [&](store::Txn& t) { return store_->ListStatus(t, id); });
  if (!h.ok() || v != Viewer::kPublic) return h;
  for (auto& s : *h) {  // who reviewed it, and why, stays with the reviewers
    s.actor.clear();
    s.reason.clear();
    s.at = s.at.substr(0, 10);
  }
  return h;
}

Result<StatusChange> Monitor::ChangeStatus(const accounts::Principal& who, int64_t id,
                                           const std::string& status, const std::string& reason) {
  if (!IsReviewer(&who)) {
    return Denied("only verifiers and admins review reports");
  }
  if (!OneOf(status, ReportStatuses()) || status == "received") {
    return Status::Invalid("status", "enum",
                           "must be verified, disputed, referred, answered or resolved");
  }
  OPENKP_RETURN_IF_ERROR(CheckText("reason", reason, 2000, true));
  StatusChange change{status, who.user.name, reason, core::NowUtcTimestamp()};
  return store::WriteValue(db_, [&](store::Txn& t) -> Result<StatusChange> {
    auto r = store_->GetReport(t, id);
    if (!r.ok()) return r.status();
    if (r->status == status) {
      return Status(core::Code::kFailedPrecondition, "the report is " + status + " already");
    }
    OPENKP_RETURN_IF_ERROR(store_->AddStatus(t, id, change));
    OPENKP_RETURN_IF_ERROR(internal::Event(db_, t, "monitor.report.status",
                                           "report:" + std::to_string(id), who.user.name,
                                           {{"report", id}, {"status", status}}));
    return change;
  });
}

Result<std::optional<Reporter>> Monitor::GetReporter(const accounts::Principal& who, int64_t id) {
  if (!IsReviewer(&who)) {
    return Denied("only verifiers and admins read a reporter's identity");
  }
  return store::ReadValue(db_, [&](store::Txn& t) -> Result<std::optional<Reporter>> {
    OPENKP_RETURN_IF_ERROR(store_->GetReport(t, id));
    return store_->GetReporter(t, id);
  });
}

Result<std::pair<Attachment, std::string>> Monitor::GetAttachment(const accounts::Principal& who,
                                                                  int64_t id,
                                                                  const std::string& name) {
  auto r = store::ReadValue(db_, [&](store::Txn& t) { return store_->GetReport(t, id); });
  if (!r.ok()) return r.status();
  if (ViewerOf(&who, *r) == Viewer::kPublic) {
    return Status::NotFound("no report " + std::to_string(id));
  }
  return store::ReadValue(db_, [&](store::Txn& t) { return store_->ReadAttachment(t, id, name); });
}

Result<std::string> Monitor::GetXml(const accounts::Principal& who, int64_t id) {
  auto r = store::ReadValue(db_, [&](store::Txn& t) { return store_->GetReport(t, id); });
  if (!r.ok()) return r.status();
  const Viewer v = ViewerOf(&who, *r);
  if (v == Viewer::kPublic) return Status::NotFound("no report " + std::to_string(id));
  // The XML as received may hold the reporter's identity: reviewers only.
  if (v != Viewer::kReviewer) {
    return Denied("the submission as received may name its reporter: verifiers and admins");
  }
  return store::ReadValue(db_, [&](store::Txn& t) { return store_->ReportXml(t, id); });
}

}  // namespace openkp::monitor
