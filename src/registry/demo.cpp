#include "registry/demo.h"

#include <map>

#include "core/iso3166.h"

namespace openkp::registry {

namespace {

// splitmix64: tiny, portable and deterministic on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int64_t Uniform(int64_t lo, int64_t hi) {  // inclusive
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Chance(int percent) { return Uniform(1, 100) <= percent; }
  // Roughly log-uniform in [lo, hi]: shipment sizes span orders of magnitude.
  int64_t LogUniform(int64_t lo, int64_t hi) {
    int64_t v = lo;
    while (v * 2 <= hi && Chance(55)) v *= 2;
    return Uniform(v, std::min(hi, v * 2));
  }

 private:
  uint64_t s_;
};

struct Profile {
  const char* code;
  int weight;             // share of certificates issued
  int64_t usd_per_ct_lo;  // plausible unit values, US$/ct
  int64_t usd_per_ct_hi;
  int64_t carats_lo, carats_hi;  // per shipment
  const char* exporter;
  const char* city;
};

// Producers and trading hubs with the unit values their exports typically show.
constexpr Profile kProfiles[] = {
    {"BW", 14, 90, 250, 500, 400000, "Okavango Diamond Company", "Gaborone"},
    {"RU", 12, 60, 180, 1000, 500000, "Alrosa Trading", "Moscow"},
    {"CA", 6, 100, 220, 500, 150000, "Arctic Canadian Diamond Co.", "Calgary"},
    {"ZA", 7, 80, 200, 200, 100000, "Rough Export Holdings", "Johannesburg"},
    {"AO", 6, 100, 200, 500, 200000, "Sodiam E.P.", "Luanda"},
    {"NA", 4, 450, 650, 200, 50000, "Namdia", "Windhoek"},
    {"CD", 6, 8, 30, 5000, 800000, "Minerals Export Agency", "Kinshasa"},
    {"ZW", 4, 30, 70, 2000, 300000, "Minerals Marketing Corporation", "Harare"},
    {"SL", 3, 200, 500, 50, 20000, "Koidu Export Ltd", "Freetown"},
    {"LS", 2, 700, 1500, 50, 20000, "Letseng Sales", "Maseru"},
    {"AE", 14, 70, 200, 100, 200000, "Gulf Rough Trading DMCC", "Dubai"},
    {"EU", 14, 80, 250, 100, 200000, "Antwerp Rough Traders NV", "Antwerp"},
    {"IN", 3, 50, 150, 100, 50000, "Surat Rough Imports Pvt", "Mumbai"},
    {"IL", 3, 120, 300, 50, 30000, "Ramat Gan Rough Ltd", "Ramat Gan"},
    {"AU", 1, 20, 60, 1000, 100000, "Kimberley Minerals Pty", "Perth"},
    {"GY", 1, 150, 350, 20, 3000, "Guyana Gold & Diamond Ltd", "Georgetown"},
};

// Where rough goes: cutting centres and trading hubs dominate.
constexpr std::pair<const char*, int> kDestinations[] = {
    {"EU", 24}, {"AE", 20}, {"IN", 22}, {"IL", 8}, {"CN", 6}, {"US", 4}, {"BW", 4},
    {"TH", 2},  {"SG", 2},  {"CH", 2},  {"RU", 1}, {"ZA", 2}, {"LK", 1}, {"AM", 2}};

constexpr const char* kImporters[] = {"Blue River Diamonds",  "Facet & Co",    "Rough Line Trading",
                                      "Polar Cut Industries", "Meridian Gems", "Carat House"};

template <typename T, size_t N, typename W>
const T& Pick(Rng& rng, const T (&items)[N], W weight) {
  int64_t total = 0;
  for (const auto& i : items) total += weight(i);
  int64_t x = rng.Uniform(1, total);
  for (const auto& i : items) {
    x -= weight(i);
    if (x <= 0) return i;
  }
  return items[N - 1];
}

}  // namespace

Result<DemoResult> LoadDemo(accounts::Accounts& accounts, Registry& reg, const DemoOptions& opt) {
  DemoResult out;
  OPENKP_RETURN_IF_ERROR(reg.InitParticipants());
  const Date today = reg.Today();
  const Date year_ago = today.AddDays(-365);
  auto participants = reg.ListParticipants();
  if (!participants.ok()) return participants.status();

  std::map<std::string, Principal> officers;
  // Each call commits on its own (a few thousand small commits: about a second).
  Status s = [&]() -> Status {
    auto admin = accounts.AddUser("Demo admin", store::Role::kAdmin, "");
    if (!admin.ok()) return admin.status();
    out.tokens.emplace_back(admin->user.name, admin->token);
    for (const auto& p : *participants) {
      auto k = reg.GenerateKey(p.code, year_ago.AddDays(-30), "demo");
      if (!k.ok()) return k.status();
      auto u = accounts.AddUser("Demo officer " + p.code, store::Role::kOfficer, p.code);
      if (!u.ok()) return u.status();
      officers[p.code] = Principal{u->user};
      out.tokens.emplace_back(u->user.name, u->token);
    }
    return {};
  }();
  if (!s.ok()) return s;

  Rng rng(opt.seed);
  s = [&]() -> Status {
    for (int i = 0; i < opt.certificates; ++i) {
      const Profile& pr = Pick(rng, kProfiles, [](const Profile& p) { return p.weight; });
      std::string dest;
      do {
        dest = Pick(rng, kDestinations, [](const auto& d) { return d.second; }).first;
      } while (dest == pr.code);
      IssueRequest r;
      r.destination = dest;
      bool hub = std::string(pr.code) == "AE" || std::string(pr.code) == "EU" ||
                 std::string(pr.code) == "IN" || std::string(pr.code) == "IL";
      if (hub) {
        r.origin.mixed = true;
      } else {
        r.origin.countries = {pr.code};
      }
      r.exporter = {pr.exporter, std::string("1 Diamond Street, ") + pr.city};
      r.importer = {kImporters[rng.Uniform(0, std::size(kImporters) - 1)],
                    std::string("Trade Centre, ") + dest};
      int64_t carats = rng.LogUniform(pr.carats_lo, pr.carats_hi) * 100 + rng.Uniform(0, 99);
      int64_t usd_per_ct = rng.Uniform(pr.usd_per_ct_lo, pr.usd_per_ct_hi);
      // Split between gem and industrial lines on about a third of shipments.
      if (rng.Chance(35) && carats > 200) {
        int64_t gem = carats * rng.Uniform(40, 90) / 100;
        r.lines.push_back({"7102.31", gem, gem * usd_per_ct * 13 / 10});
        r.lines.push_back({"7102.21", carats - gem, (carats - gem) * usd_per_ct / 5 + 1});
      } else {
        r.lines.push_back({rng.Chance(60) ? "7102.10" : "7102.31", carats, carats * usd_per_ct});
      }
      r.parcels = rng.Uniform(1, 12);
      // Issue dates advance through the year so each issuer's numbers follow its dates.
      const Date issued = year_ago.AddDays(int64_t{i} * 365 / std::max(1, opt.certificates));
      r.expires_on = issued.AddDays(rng.Chance(80) ? 60 : 90);
      auto rec = reg.Issue(officers[pr.code], r, issued);
      if (!rec.ok()) return rec.status();
      ++out.certificates;
      const auto& b = rec->certificate.body;
      const bool past = *r.expires_on < today;
      const int roll = static_cast<int>(rng.Uniform(1, 100));
      if (roll <= (past ? 5 : 3)) {
        static const char* kReasons[] = {"lost", "stolen", "cancelled"};
        auto v = reg.Void(officers[pr.code], b.number,
                          {kReasons[rng.Uniform(0, 2)], "demo: shipment did not leave"});
        if (!v.ok()) return v.status();
        ++out.voided;
      } else if (roll <= (past ? 88 : 50)) {
        ConfirmRequest c;
        const Date latest = std::min(today, b.expires_on);
        c.received_on = b.issued_on.AddDays(rng.Uniform(
            0, std::max<int64_t>(0, std::min<int64_t>(20, latest.days() - b.issued_on.days()))));
        c.carats_hundredths = b.TotalCaratsHundredths();
        c.value_usd_cents = b.TotalValueCents();
        c.parcels = b.parcels;
        if (rng.Chance(4)) {  // a few shipments arrive lighter than certified
          c.carats_hundredths = c.carats_hundredths * 97 / 100;
          ++out.mismatched;
        }
        auto conf = reg.Confirm(officers[dest], b.number, c);
        if (!conf.ok()) return conf.status();
        ++out.confirmed;
      } else if (past) {
        ++out.expired;
      } else {
        ++out.pending;
      }
    }
    return {};
  }();
  if (!s.ok()) return s;
  return out;
}

}  // namespace openkp::registry
