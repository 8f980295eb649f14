#include "review/regions.h"

#include <algorithm>
#include <set>

#include "crypto/crypto.h"
#include "review/review_internal.h"

namespace openkp::review {

using internal::CheckText;
using internal::Denied;
using internal::ValidParticipantCode;

namespace {

bool ValidCode(const std::string& c) {
  return c.size() >= 2 && c.size() <= 16 && std::all_of(c.begin(), c.end(), [](char ch) {
           return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-';
         });
}

boost::json::array MembersJson(const std::vector<RegionMember>& members) {
  boost::json::array a;
  for (const auto& m : members) {
    a.push_back({{"name", m.name},
                 {"organisation", m.organisation},
                 {"constituency", m.constituency},
                 {"participant", m.participant},
                 {"user", m.user_id},
                 {"admin", m.admin}});
  }
  return a;
}

// The members with an account, and whether each administers: (user id, admin), sorted.
std::vector<std::pair<int64_t, bool>> AccountsOf(const Region& r) {
  std::vector<std::pair<int64_t, bool>> out;
  for (const auto& m : r.members) {
    if (m.user_id != 0) out.emplace_back(m.user_id, m.admin);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

bool IsRegionAdmin(const Region& r, int64_t user_id) {
  if (user_id == 0) return false;
  return std::any_of(r.members.begin(), r.members.end(),
                     [user_id](const RegionMember& m) { return m.admin && m.user_id == user_id; });
}

Regions::Regions(store::Database& db, std::unique_ptr<ReviewStore> store,
                 std::function<core::Date()> today)
    : db_(db), store_(std::move(store)), today_(std::move(today)) {}

Status Regions::Check(const Region& r, bool create) const {
  OPENKP_RETURN_IF_ERROR(CheckText("name", r.name, 200, true));
  // An update without a kind keeps the current one (Store resolves it in its transaction).
  if (r.kind != "region" && r.kind != "initiative" && !(r.kind.empty() && !create)) {
    return Status::Invalid("kind", "enum",
                           "must be region (a participant belongs to one) or initiative");
  }
  if (r.participants.empty() || r.participants.size() > 60) {
    return Status::Invalid("participants", "count", "must name 1 to 60 participants");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < r.participants.size(); ++i) {
    const std::string field = "participants[" + std::to_string(i) + "]";
    if (!ValidParticipantCode(r.participants[i])) {
      return Status::Invalid(field, "code", "must be a participant code such as SL");
    }
    if (!seen.insert(r.participants[i]).second) {
      return Status::Invalid(field, "unique", r.participants[i] + " is named twice");
    }
  }
  if (r.members.size() > 200) return Status::Invalid("members", "count", "at most 200 members");
  std::set<std::pair<std::string, std::string>> names;
  std::set<int64_t> users;
  for (size_t i = 0; i < r.members.size(); ++i) {
    const auto& m = r.members[i];
    const std::string field = "members[" + std::to_string(i) + "]";
    if (!names.insert({m.name, m.organisation}).second) {
      return Status::Invalid(field, "unique", "'" + m.name + "' is named twice");
    }
    if (m.user_id != 0 && !users.insert(m.user_id).second) {
      return Status::Invalid(field + ".user", "unique", "an account is linked to one member");
    }
    OPENKP_RETURN_IF_ERROR(CheckText(field + ".name", m.name, 200, true));
    OPENKP_RETURN_IF_ERROR(CheckText(field + ".organisation", m.organisation, 200, false));
    if (m.constituency != "government" && m.constituency != "industry" &&
        m.constituency != "civil-society") {
      return Status::Invalid(field + ".constituency", "enum",
                             "must be government, industry or civil-society");
    }
    if (!m.participant.empty() && !seen.count(m.participant)) {
      return Status::Invalid(field + ".participant", "member",
                             "must be one of the region's participants, or empty");
    }
    if (m.user_id < 0) return Status::Invalid(field + ".user", "user", "must be a user id");
    if (m.admin && m.user_id == 0) {
      return Status::Invalid(field + ".admin", "account",
                             "an administrator needs an account here (user)");
    }
  }
  return {};
}

Result<Region> Regions::Create(const accounts::Principal& who, const Region& r) {
  if (!who.is_admin()) return Denied("regions are created by admins");
  if (!ValidCode(r.code)) {
    return Status::Invalid("code", "code", "must be 2 to 16 capital letters, digits or '-'");
  }
  return Store(who, r, true);
}

Result<Region> Regions::Update(const accounts::Principal& who, const std::string& code,
                               const Region& r) {
  Region next = r;
  next.code = code;
  return Store(who, std::move(next), false);
}

Result<Region> Regions::Store(const accounts::Principal& who, Region r, bool create) {
  OPENKP_RETURN_IF_ERROR(Check(r, create));
  r.recorded_by = who.user.name;
  r.recorded_at = core::TimestampOn(today_());
  Status st = db_.Write([&](store::Txn& t) -> Status {
    auto all = store_->ListRegions(t);
    if (!all.ok()) return all.status();
    const Region* current = nullptr;
    for (const auto& x : *all) {
      if (x.code == r.code) current = &x;
    }
    if (create && current != nullptr) {
      return Status(core::Code::kAlreadyExists, "region " + r.code + " exists already");
    }
    if (!create && current == nullptr)
      return Status::NotFound("no region " + internal::Clip(r.code));
    if (r.kind.empty()) r.kind = current->kind;
    if (!create && !who.is_admin()) {
      if (!IsRegionAdmin(*current, who.user.id)) {
        return Denied("a region is changed by admins and its administrators");
      }
      if (r.name != current->name || r.kind != current->kind ||
          r.participants != current->participants) {
        return Denied("a region's name, kind and participants are changed by admins");
      }
      // Who has an account in the region, and who administers it, is the admins' decision: an
      // administrator could otherwise probe which user ids exist, make any account an
      // administrator, or remove another administrator.
      if (AccountsOf(r) != AccountsOf(*current)) {
        return Denied(
            "a region's accounts and administrators are linked and changed by admins; its "
            "administrators change the other members");
      }
    }
    for (size_t i = 0; i < r.participants.size(); ++i) {
      if (!db_.registry().GetParticipant(t, r.participants[i]).ok()) {
        return Status::Invalid("participants[" + std::to_string(i) + "]", "participant",
                               "'" + r.participants[i] + "' is not a KP participant");
      }
      if (r.kind != "region") continue;
      for (const auto& other : *all) {
        if (other.code == r.code || other.kind != "region") continue;
        if (std::count(other.participants.begin(), other.participants.end(), r.participants[i])) {
          return Status::Invalid("participants[" + std::to_string(i) + "]", "one-region",
                                 r.participants[i] + " is in region " + other.code +
                                     " already: a participant belongs to one region (use kind "
                                     "initiative for groups that overlap)");
        }
      }
    }
    for (size_t i = 0; i < r.members.size(); ++i) {
      if (r.members[i].user_id == 0) continue;
      if (!db_.accounts().GetUser(t, r.members[i].user_id).ok()) {
        return Status::Invalid("members[" + std::to_string(i) + "].user", "user",
                               "no user " + std::to_string(r.members[i].user_id));
      }
    }
    if (current != nullptr && r.name == current->name && r.kind == current->kind &&
        r.participants == current->participants &&
        MembersJson(r.members) == MembersJson(current->members)) {
      return internal::Conflict("nothing changed: region " + r.code + " is as sent already");
    }
    r.version = current == nullptr ? 1 : current->version + 1;
    auto doc = internal::SaltedDocument({{"region", r.code},
                                         {"version", r.version},
                                         {"name", r.name},
                                         {"kind", r.kind},
                                         {"participants", boost::json::value_from(r.participants)},
                                         {"members", MembersJson(r.members)},
                                         {"at", r.recorded_at}});
    if (!doc.ok()) return doc.status();
    r.document = *doc;
    auto added = store_->AddRegionVersion(t, r);
    if (!added.ok()) return added;
    return internal::AppendPublished(
        db_, t, "review.region.version", "region:" + r.code, who.user.name,
        {{"region", r.code}, {"version", r.version}, {"sha256", crypto::Sha256Hex(*doc)}});
  });
  if (!st.ok()) return st;
  return Get(&who, r.code);
}

void Regions::HideFrom(const accounts::Principal* who, Region& r) const {
  if (who != nullptr && (who->is_admin() || IsRegionAdmin(r, who->user.id))) return;
  r.recorded_by.clear();
  for (auto& m : r.members) m.user_id = 0;
}

Result<std::vector<Region>> Regions::List(const accounts::Principal* who) {
  auto all = store::ReadValue(db_, [&](store::Txn& t) { return store_->ListRegions(t); });
  if (!all.ok()) return all.status();
  for (auto& r : *all) HideFrom(who, r);
  return all;
}

Result<Region> Regions::Get(const accounts::Principal* who, const std::string& code) {
  auto all = store::ReadValue(db_, [&](store::Txn& t) { return store_->ListRegions(t); });
  if (!all.ok()) return all.status();
  for (auto& r : *all) {
    if (r.code != code) continue;
    HideFrom(who, r);
    return std::move(r);
  }
  return Status::NotFound("no region " + internal::Clip(code));
}

Result<std::vector<Region>> Regions::History(const accounts::Principal* who,
                                             const std::string& code) {
  auto h = store::ReadValue(db_, [&](store::Txn& t) { return store_->RegionHistory(t, code); });
  if (!h.ok()) return h.status();
  if (h->empty()) return Status::NotFound("no region " + internal::Clip(code));
  // Who may read user ids is decided by the latest version's administrators.
  const bool privileged =
      who != nullptr && (who->is_admin() || IsRegionAdmin(h->back(), who->user.id));
  for (auto& r : *h) {
    if (!privileged) {
      r.recorded_by.clear();
      for (auto& m : r.members) m.user_id = 0;
    }
  }
  return h;
}

Result<bool> Regions::Administers(const accounts::Principal& who, const std::string& code) {
  auto all = store::ReadValue(db_, [&](store::Txn& t) { return store_->ListRegions(t); });
  if (!all.ok()) return all.status();
  for (const auto& r : *all) {
    if (r.code == code) return IsRegionAdmin(r, who.user.id);
  }
  return Status::NotFound("no region " + internal::Clip(code));
}

}  // namespace openkp::review
