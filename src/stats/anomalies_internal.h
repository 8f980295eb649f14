// What anomalies.cpp and certificate_rules.cpp share: a rule's finding before the run ranks it,
// number formatting, and the per-certificate rules.
#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "crypto/crypto.h"
#include "stats/anomalies.h"
#include "store/records.h"

namespace openkp::stats::internal {

// What a rule says of a finding; the run gives it its identity and rank.
struct Said {
  std::string rule;
  std::vector<std::string> participants;
  std::string period, message;
  std::vector<std::pair<std::string, std::string>> compared;
  std::string threshold;
  std::vector<std::string> sources;
};

// Joins the parts into one string with one allocation (for finding messages).
std::string Cat(std::initializer_list<std::string_view> parts);
std::string Percent(double r);
std::string Ct(int64_t hundredths);
std::string Usd(int64_t cents);

// Which roll-up of a per-certificate rule: the rule, the participant that answers for it, the
// year the certificates were issued.
struct RollUpKey {
  std::string rule, participant;
  int year = 0;
  auto operator<=>(const RollUpKey&) const = default;
};

// The per-certificate rules (mirror-certificate, expired-at-import, confirmation-overdue,
// number-sequence, issuer-not-participant, key-not-valid) over a scan of certificate facts in
// order of issuer, issue date and number; duplicate-number from the store's list (SameNumbers).
//
// A million certificates give hundreds of thousands of hits, so hits are not findings: they roll
// up per rule, answerable participant and issue year (one finding each, with the count, the
// partners, the most severe certificate and a digest of the numbers), unless the rules run for
// one roll-up (`expand`), when each of its certificates' findings is kept.
class CertificateRules {
 public:
  struct Context {
    const Thresholds* thresholds = nullptr;
    core::Date today;
    std::unordered_set<std::string> participants;  // KP participants' codes
    std::map<std::string, store::AuthorityKey> keys;
    std::function<bool(std::string_view rule)> want;  // the query's rule filter
  };
  CertificateRules(Context context, std::optional<RollUpKey> expand)
      : cx_(std::move(context)), expand_(std::move(expand)) {}

  void Visit(const store::CertificateFacts& c);
  // Between two scans of one expansion (the issuer's certificates, then the destination's).
  void Restart();

  struct Out {
    Said said;
    std::string figure;
    double deviation = 1;
    int64_t certificates = 0;  // for a roll-up, how many certificates it holds
  };
  // The roll-ups, or an expansion's certificate findings.
  std::vector<Out> Finish();
  // duplicate-number: one finding per group of numbers that are the same written differently
  // (StatsStore::ListSameNumbers, grouped and ordered).
  static std::vector<Out> SameNumbers(const std::vector<store::SameNumber>& same);

  // The certificates a roll-up covers: the scans (issuer side, destination side) that find them.
  static std::vector<store::CertificateScope> ScopesOf(const RollUpKey& key);

 private:
  struct RollUp {
    int64_t count = 0;
    double deviation = -1;
    std::string worst, threshold;
    // The certificates' numbers, so that one more or one fewer reopens the finding.
    std::unique_ptr<crypto::Sha256Hasher> members = std::make_unique<crypto::Sha256Hasher>();
    std::set<uint16_t> partners;  // ids in codes_
    core::Date first, last;
  };
  // Participant codes as small ids: a hit finds its roll-up by one integer (rule, year, id).
  uint16_t CodeId(const std::string& code);
  // One certificate a rule flags. `answerable` is the participant the roll-up is for;
  // `said` builds the certificate's own finding, called only when it is kept or is the
  // roll-up's most severe so far.
  template <typename SaidFn>
  void Hit(std::string_view rule, const std::string& answerable, const std::string& partner,
           const store::CertificateFacts& c, double deviation, const SaidFn& said);
  void Sequence(const store::CertificateFacts& c, int year, int64_t seq);

  Context cx_;
  std::optional<RollUpKey> expand_;
  std::unordered_map<uint64_t, RollUp> rollups_;
  std::vector<std::string> codes_;
  std::unordered_map<std::string, uint16_t> code_ids_;
  std::vector<Out> kept_;  // expansion: the certificates' findings
  // number-sequence, in scan order: per number year, the highest sequence issued before the
  // current day and on it (sequence, number).
  std::string seq_issuer_;
  int64_t seq_day_ = 0;
  std::map<int, std::pair<int64_t, std::string>> max_before_, max_today_;
  // The key of the previous certificate (most come in runs of one issuer's key).
  std::string key_id_;
  const store::AuthorityKey* key_ = nullptr;
};

}  // namespace openkp::stats::internal
