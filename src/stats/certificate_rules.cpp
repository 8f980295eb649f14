// The per-certificate anomaly rules (see anomalies_internal.h); docs/STATISTICS.md gives each
// rule's rationale and "Ranking, identity and groups" the roll-ups.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "crypto/crypto.h"
#include "stats/anomalies_internal.h"

namespace openkp::stats::internal {

namespace {

// What a roll-up of each per-certificate rule says of its certificates.
std::string RollUpPhrase(const std::string& rule, bool one) {
  const std::string is = one ? "is " : "are ", was = one ? "was " : "were ";
  if (rule == "mirror-certificate")
    return "differ" + std::string(one ? "s" : "") + " from the import confirmation";
  if (rule == "expired-at-import") return is + "confirmed as received after expiry";
  if (rule == "confirmation-overdue") return is + "unconfirmed past the confirmation deadline";
  if (rule == "number-sequence")
    return "carr" + std::string(one ? "ies a number" : "y numbers") + " out of sequence";
  if (rule == "issuer-not-participant")
    return "name" + std::string(one ? "s" : "") + " a country that is not a KP participant";
  return was + "signed with a key that was not valid";
}

// Whether a rule's roll-up is for the destination of its certificates (else for the issuer):
// the importing authority confirms (confirmation-overdue) and accepts an expired certificate.
bool ForDestination(const std::string& rule) {
  return rule == "confirmation-overdue" || rule == "expired-at-import";
}

double Gap(int64_t declared, int64_t received) {
  return declared == 0
             ? 0.0
             : static_cast<double>(std::llabs(declared - received)) / static_cast<double>(declared);
}

}  // namespace

std::vector<store::CertificateScope> CertificateRules::ScopesOf(const RollUpKey& key) {
  const core::Date from = *core::Date::Parse(std::to_string(key.year) + "-01-01");
  const core::Date to = *core::Date::Parse(std::to_string(key.year) + "-12-31");
  // issuer-not-participant answers for whichever side is a participant: both scans.
  std::vector<store::CertificateScope> scopes;
  if (!ForDestination(key.rule)) scopes.push_back({key.participant, false, from, to});
  if (ForDestination(key.rule) || key.rule == "issuer-not-participant") {
    scopes.push_back({key.participant, true, from, to});
  }
  return scopes;
}

uint16_t CertificateRules::CodeId(const std::string& code) {
  auto [at, fresh] = code_ids_.try_emplace(code, static_cast<uint16_t>(codes_.size()));
  if (fresh) codes_.push_back(code);
  return at->second;
}

template <typename SaidFn>
void CertificateRules::Hit(std::string_view rule, const std::string& answerable,
                           const std::string& partner, const store::CertificateFacts& c,
                           double deviation, const SaidFn& said) {
  if (!cx_.want(rule)) return;
  if (expand_) {
    if (expand_->rule == rule && expand_->participant == answerable &&
        expand_->year == c.issued_on.year()) {
      kept_.push_back({said(), "certificate " + c.number, deviation, 0});
    }
    return;
  }
  const auto rule_index = static_cast<uint64_t>(
      std::find(RuleNames().begin(), RuleNames().end(), rule) - RuleNames().begin());
  const uint64_t key = rule_index << 48 | static_cast<uint64_t>(c.issued_on.year() & 0xffff) << 32 |
                       CodeId(answerable);
  RollUp& r = rollups_[key];
  if (r.count == 0 || c.issued_on < r.first) r.first = c.issued_on;
  if (r.count == 0 || r.last < c.issued_on) r.last = c.issued_on;
  ++r.count;
  r.partners.insert(CodeId(partner));
  r.members->Update(c.number);
  r.members->Update("\n");
  if (deviation > r.deviation) {
    Said s = said();
    r.deviation = deviation;
    r.worst = std::move(s.message);
    r.threshold = std::move(s.threshold);
  }
}

void CertificateRules::Visit(const store::CertificateFacts& c) {
  const Thresholds& t = *cx_.thresholds;
  auto cert = [&c] { return Cat({"certificate ", c.number}); };  // only for a hit
  if (c.state == store::CertificateState::kConfirmed && c.received_on) {
    if (*c.received_on > c.expires_on) {
      Hit("expired-at-import", c.destination, c.issuer, c, 1, [&] {
        return Said{
            "expired-at-import",
            {c.issuer, c.destination},
            c.received_on->ToString(),
            cert() + " was confirmed as received on " + c.received_on->ToString() +
                ", after it expired on " + c.expires_on.ToString(),
            {{"expires_on", c.expires_on.ToString()}, {"received_on", c.received_on->ToString()}},
            "received on or before the expiry date",
            {cert()}};
      });
    }
    const double gc = Gap(c.carats_hundredths, c.received_carats_hundredths);
    const double gv = Gap(c.value_usd_cents, c.received_value_usd_cents);
    if (gc > t.mirror_carats || gv > t.mirror_value || c.parcels != c.received_parcels) {
      Hit("mirror-certificate", c.issuer, c.destination, c,
          std::max({gc, gv, c.parcels != c.received_parcels ? 1.0 : 0.0}), [&] {
            return Said{"mirror-certificate",
                        {c.issuer, c.destination},
                        c.received_on->ToString(),
                        cert() + " (" + c.issuer + " to " + c.destination +
                            ") differs from its import confirmation: carats " + Percent(gc) +
                            ", value " + Percent(gv) + ", parcels " + std::to_string(c.parcels) +
                            " vs " + std::to_string(c.received_parcels),
                        {{"certificate carats", Ct(c.carats_hundredths)},
                         {"received carats", Ct(c.received_carats_hundredths)},
                         {"certificate value", Usd(c.value_usd_cents)},
                         {"received value", Usd(c.received_value_usd_cents)},
                         {"certificate parcels", std::to_string(c.parcels)},
                         {"received parcels", std::to_string(c.received_parcels)}},
                        "carats within " + Percent(t.mirror_carats) + ", value within " +
                            Percent(t.mirror_value) + ", parcels equal",
                        {cert()}};
          });
    }
  }
  const int64_t days = cx_.today.days() - c.issued_on.days();
  if (c.state == store::CertificateState::kIssued && days > t.confirmation_days) {
    // A year past the deadline weighs as much as a yes-or-no finding.
    Hit("confirmation-overdue", c.destination, c.issuer, c,
        static_cast<double>(days - t.confirmation_days) / 365, [&] {
          return Said{
              "confirmation-overdue",
              {c.destination, c.issuer},
              c.issued_on.ToString(),
              cert() + " from " + c.issuer + " to " + c.destination + " is unconfirmed " +
                  std::to_string(days) + " days after issue",
              {{"issued_on", c.issued_on.ToString()}, {"days unconfirmed", std::to_string(days)}},
              "confirmation within " + std::to_string(t.confirmation_days) + " days",
              {cert()}};
        });
  }
  const bool issuer_known = cx_.participants.count(c.issuer) > 0;
  if (!issuer_known || !cx_.participants.count(c.destination)) {
    const std::string& who = issuer_known ? c.destination : c.issuer;
    const std::string& answerable = issuer_known ? c.issuer : c.destination;
    Hit("issuer-not-participant", answerable, who, c, 1, [&] {
      return Said{"issuer-not-participant",
                  {c.issuer, c.destination},
                  c.issued_on.ToString(),
                  cert() + " names " + who + ", which is not a KP participant",
                  {{"issuer", c.issuer}, {"destination", c.destination}},
                  "issuer and destination are KP participants",
                  {cert()}};
    });
  }
  if (key_id_.empty() || c.key_id != key_id_) {
    auto at = cx_.keys.find(c.key_id);
    key_ = at == cx_.keys.end() ? nullptr : &at->second;
    key_id_ = c.key_id;
  }
  const store::AuthorityKey* k = key_;
  std::string problem;
  if (k == nullptr) {
    problem = "its key " + c.key_id + " is not registered";
  } else if (k->participant != c.issuer) {
    problem = "its key " + c.key_id + " belongs to " + k->participant;
  } else if (c.issued_on < k->valid_from || (k->valid_to && c.issued_on > *k->valid_to)) {
    problem = "its key " + c.key_id + " was valid from " + k->valid_from.ToString() +
              (k->valid_to ? " to " + k->valid_to->ToString() : "") + ", not on the issue date " +
              c.issued_on.ToString();
  } else if (k->revoked_on) {
    problem = "its key " + c.key_id + " was revoked on " + k->revoked_on->ToString() + " (" +
              k->revoke_reason + ")";
  }
  if (!problem.empty()) {
    Hit("key-not-valid", c.issuer, c.destination, c, 1, [&] {
      return Said{"key-not-valid",
                  {c.issuer},
                  c.issued_on.ToString(),
                  cert() + ": " + problem,
                  {{"key_id", c.key_id}, {"issued_on", c.issued_on.ToString()}},
                  "signed with a registered, unrevoked key of the issuer valid on the issue date",
                  {cert()}};
    });
  }
  // Standard numbers are ISSUER-YYYY-NNNNNN; their sequence should follow the issue dates.
  const std::string prefix = c.issuer + "-";
  if (c.number.size() == prefix.size() + 11 && c.number.compare(0, prefix.size(), prefix) == 0 &&
      c.number[prefix.size() + 4] == '-' &&
      c.number.find_first_not_of("0123456789", prefix.size()) == prefix.size() + 4 &&
      c.number.find_first_not_of("0123456789", prefix.size() + 5) == std::string::npos) {
    const int year = std::atoi(c.number.substr(prefix.size(), 4).c_str());
    const int64_t seq = std::atoll(c.number.substr(prefix.size() + 5).c_str());
    if (year != c.issued_on.year()) {
      Hit("number-sequence", c.issuer, c.destination, c, 1, [&] {
        return Said{
            "number-sequence",
            {c.issuer},
            c.issued_on.ToString(),
            cert() + " carries the year " + std::to_string(year) + " but was issued on " +
                c.issued_on.ToString(),
            {{"year in number", std::to_string(year)}, {"issued_on", c.issued_on.ToString()}},
            "the number's year is the issue year",
            {cert()}};
      });
    } else if (cx_.want("number-sequence")) {
      Sequence(c, year, seq);
    }
  }
}

// number-sequence: per issuer and year, a sequence lower than one issued on an earlier date.
// Certificates come ordered by issuer, issue date and number.
void CertificateRules::Sequence(const store::CertificateFacts& c, int year, int64_t seq) {
  const int64_t day = c.issued_on.days();
  if (c.issuer != seq_issuer_) {
    seq_issuer_ = c.issuer;
    max_before_.clear();
    max_today_.clear();
  } else if (day != seq_day_) {
    for (const auto& [y, v] : max_today_) {
      if (v.first > max_before_[y].first) max_before_[y] = v;
    }
    max_today_.clear();
  }
  seq_day_ = day;
  if (auto b = max_before_.find(year); b != max_before_.end() && seq < b->second.first) {
    const std::string issued = c.issued_on.ToString(), cert = "certificate " + c.number;
    const int64_t earlier_seq = b->second.first;
    const std::string& earlier = b->second.second;
    Hit("number-sequence", c.issuer, c.destination, c, 1, [&] {
      return Said{"number-sequence",
                  {c.issuer},
                  issued,
                  cert + " (issued " + issued + ") has a lower sequence number than " + earlier +
                      ", issued earlier",
                  {{"sequence", std::to_string(seq)},
                   {"earlier certificate's sequence", std::to_string(earlier_seq)}},
                  "sequence numbers increase with issue dates",
                  {cert, "certificate " + earlier}};
    });
  }
  auto& m = max_today_[year];
  if (seq > m.first) m = {seq, c.number};
}

void CertificateRules::Restart() {
  seq_issuer_.clear();
  max_before_.clear();
  max_today_.clear();
}

std::vector<CertificateRules::Out> CertificateRules::SameNumbers(
    const std::vector<store::SameNumber>& same) {
  std::vector<Out> out;
  for (size_t i = 0; i < same.size();) {
    size_t end = i;
    while (end < same.size() && same[end].plain == same[i].plain) ++end;
    Said f{"duplicate-number", {}, "", "", {}, "each certificate number is unique", {}};
    std::string numbers;
    for (; i < end; ++i) {
      const store::SameNumber& n = same[i];
      if (std::find(f.participants.begin(), f.participants.end(), n.issuer) ==
          f.participants.end()) {
        f.participants.push_back(n.issuer);
      }
      numbers += (numbers.empty() ? "" : ", ") + n.number;
      f.sources.push_back("certificate " + n.number);
      f.compared.push_back({"number", n.number});
    }
    f.message = "certificate numbers " + numbers + " are the same number written differently";
    out.push_back({std::move(f), "number " + same[end - 1].plain, 1, 0});
  }
  return out;
}

std::vector<CertificateRules::Out> CertificateRules::Finish() {
  if (expand_) return std::move(kept_);
  std::vector<Out> out;
  for (auto& [id, r] : rollups_) {
    const RollUpKey key{RuleNames()[id >> 48], codes_[id & 0xffff],
                        static_cast<int>(id >> 32 & 0xffff)};
    const bool one = r.count == 1;
    std::string partners;
    std::set<std::string> names;
    for (uint16_t p : r.partners) names.insert(codes_[p]);
    for (const auto& p : names) partners += (partners.empty() ? "" : ", ") + p;
    const std::string side = ForDestination(key.rule) ? " to " : " from ";
    const std::string year = std::to_string(key.year);
    Said s{key.rule,
           {key.participant},
           year,
           Cat({std::to_string(r.count), one ? " certificate" : " certificates", side,
                key.participant, " issued in ", year, " ", RollUpPhrase(key.rule, one),
                one ? ": " : "; the most severe: ", r.worst}),
           {{"certificates", std::to_string(r.count)},
            {"partners", partners},
            {"first issued", r.first.ToString()},
            {"last issued", r.last.ToString()},
            // Which certificates, so that one more or one fewer reopens the finding.
            {"numbers (SHA-256)", r.members->FinishHex().substr(0, 16)}},
           r.threshold,
           {Cat({"certificates", side, key.participant, " issued in ", year})}};
    out.push_back(
        {std::move(s), Cat({"certificates", side, key.participant}), r.deviation, r.count});
  }
  return out;
}

}  // namespace openkp::stats::internal
