// Regional groups of participants (the Mano River Union's regional approach, Central Africa's
// regional cooperation): their participants, their tripartite members by constituency
// (government, industry, civil society) and their own administrators, who may come from any
// constituency. docs/REGIONS.md is the user's guide.
//
//   review::Regions regions(db, std::move(*review::NewReviewStore(db)));
//   auto mru = regions.Create(admin, {.code = "MRU", .name = "Mano River Union",
//                                     .kind = "region", .participants = {"CI", "GN", "LR", "SL"}});
//   mru->members.push_back({.name = "NMJD", .constituency = "civil-society", .user_id = 7,
//                           .admin = true});
//   regions.Update(admin, "MRU", *mru);       // a new version; the old ones stay
//   bool manages = *regions.Administers(nmjd_user, "MRU");
//
// Who may do what: admins create regions and change anything; a region's administrators (its
// members marked admin, with an account) change its other members, never its participants, kind,
// accounts or administrators, and gain no right over the participants' national data: each service
// still decides that by the caller's own role. Anyone reads regions; members' user ids are for
// admins and the region's administrators. A participant belongs to at most one group of kind
// "region"; groups of kind "initiative" may overlap. Every change appends a version
// (review.region.version in the log).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "core/date.h"
#include "review/records.h"
#include "review/review_store.h"

namespace openkp::review {

class Regions {
 public:
  Regions(store::Database& db, std::unique_ptr<ReviewStore> store,
          std::function<core::Date()> today = &core::Date::TodayUtc);

  // Admins. kAlreadyExists for a code in use; kInvalidArgument naming the field for bad input
  // (a participant that is in another region of kind "region" among them).
  Result<Region> Create(const accounts::Principal& who, const Region& r);
  // A new version of region `code` with `r`'s name, kind (empty: unchanged), participants and
  // members (`r.code` is ignored). Admins; the region's administrators may change its members
  // only, and not which accounts are members nor who administers (kPermissionDenied).
  // kFailedPrecondition when nothing would change.
  Result<Region> Update(const accounts::Principal& who, const std::string& code, const Region& r);
  // Anyone (`who` may be null): the latest version of every region, by code.
  Result<std::vector<Region>> List(const accounts::Principal* who);
  Result<Region> Get(const accounts::Principal* who, const std::string& code);
  // Every version, oldest first.
  Result<std::vector<Region>> History(const accounts::Principal* who, const std::string& code);
  // Whether `who` administers region `code` (a member marked admin with `who`'s account).
  Result<bool> Administers(const accounts::Principal& who, const std::string& code);

 private:
  // `create`: a new region; an update may leave its kind empty (unchanged).
  Status Check(const Region& r, bool create) const;
  // Blanks what `who` may not read (members' user ids).
  void HideFrom(const accounts::Principal* who, Region& r) const;
  Result<Region> Store(const accounts::Principal& who, Region r, bool create);

  store::Database& db_;
  std::unique_ptr<ReviewStore> store_;
  std::function<core::Date()> today_;
};

// Whether `user_id` is an administrator of `r`.
bool IsRegionAdmin(const Region& r, int64_t user_id);

}  // namespace openkp::review
