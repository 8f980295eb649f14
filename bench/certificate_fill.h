// Certificates for the benchmarks that need many (dossier_bench, region_bench): through the
// store, as the registry writes them, between the first 60 KP participants (ZW among them), each
// with a bench key valid throughout, issued over the 20 years before `today`, 70 % confirmed;
// then the trade flows brought up to date.
#pragma once

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "core/certificate.h"
#include "core/iso3166.h"
#include "store/store.h"

namespace openkp::bench {

// The participants AddCertificates trades between.
inline std::vector<std::string> BenchParticipants() {
  std::vector<std::string> codes;
  for (const auto& p : core::KnownParticipants()) {
    if (codes.size() < 60) codes.push_back(p.code);
  }
  if (std::find(codes.begin(), codes.end(), "ZW") == codes.end()) codes.back() = "ZW";
  return codes;
}

inline core::Status AddCertificates(store::Database& db, int64_t n, core::Date today) {
  if (n == 0) return {};  // a data directory a run made before
  const std::vector<std::string> codes = BenchParticipants();
  for (const auto& code : codes) {
    OPENKP_RETURN_IF_ERROR(db.Write([&](store::Txn& t) -> core::Status {
      OPENKP_RETURN_IF_ERROR(db.registry().UpsertParticipant(t, {code, code, "Authority"}));
      store::AuthorityKey key{"bench-" + code,
                              code,
                              std::string(30, 'k') + code,
                              *core::Date::Parse("2000-01-01"),
                              std::nullopt,
                              std::nullopt,
                              ""};
      return db.registry().AddKey(t, key);
    }));
  }
  std::mt19937_64 rng(42);
  const char* kHs[] = {"7102.10", "7102.21", "7102.31"};
  const int64_t kBatch = 20000;
  for (int64_t done = 0; done < n; done += kBatch) {
    OPENKP_RETURN_IF_ERROR(db.Write([&](store::Txn& t) -> core::Status {
      for (int64_t i = done; i < std::min(n, done + kBatch); ++i) {
        store::CertificateRecord r;
        auto& b = r.certificate.body;
        b.issuer = codes[rng() % codes.size()];
        do {
          b.destination = codes[rng() % codes.size()];
        } while (b.destination == b.issuer);
        b.key_id = "bench-" + b.issuer;
        b.issued_on = core::Date::FromDays(today.days() - 365 * 20 +
                                           static_cast<int64_t>(rng() % (365 * 20)));
        b.expires_on = b.issued_on.AddDays(60);
        char number[64];
        std::snprintf(number, sizeof number, "%s-%d-B%06lld", b.issuer.c_str(), b.issued_on.year(),
                      static_cast<long long>(i));
        b.number = number;
        const int64_t carats = 100 + static_cast<int64_t>(rng() % 10000000);
        b.lines.push_back(
            {kHs[rng() % 3], carats, carats * (50 + static_cast<int64_t>(rng() % 400))});
        b.parcels = 1 + static_cast<int64_t>(rng() % 5);
        r.certificate.signature = "bench";  // not verified here
        r.document = boost::json::serialize(core::SignedToJson(r.certificate));
        OPENKP_RETURN_IF_ERROR(db.registry().InsertCertificate(t, r));
        OPENKP_RETURN_IF_ERROR(db.events().Append(
            t, {0, "certificate.issued", b.number, b.issuer, "", "bench", "{}"}));
        if (rng() % 100 < 70) {
          store::Confirmation c;
          c.received_on = b.issued_on.AddDays(static_cast<int64_t>(rng() % 30));
          c.carats_hundredths = carats;
          c.value_usd_cents = b.lines[0].value_usd_cents;
          c.parcels = b.parcels;
          OPENKP_RETURN_IF_ERROR(db.registry().RecordConfirmation(t, b.number, c));
          OPENKP_RETURN_IF_ERROR(db.events().Append(
              t, {0, "certificate.confirmed", b.number, b.destination, "", "bench", "{}"}));
        }
      }
      return core::Status();
    }));
  }
  return db.Write([&](store::Txn& t) { return db.stats().RefreshTradeFlows(t); });
}

}  // namespace openkp::bench
