#include "store/sql/certificate_scan.h"

#include <cstring>
#include <string_view>
#include <vector>

namespace openkp::store::sql {

namespace {

// Every certificate's state, found by number: the narrow status table read once into an
// open-addressing table whose slots hold part of each hash, and whose entries hold the number
// (up to 40 bytes, the number rule's limit): a lookup touches two cache lines. A million
// std::string keys in a node map cost more than both scans together.
class StatusTable {
 public:
  struct Entry {
    char number[40];
    uint8_t size = 0;
    CertificateState state = CertificateState::kIssued;
    std::optional<Date> received_on;
    int64_t carats = 0, value = 0, parcels = 0;
  };

  Status Load(Txn& t) {
    {
      // Room for every entry at once: growing a vector of a million entries copies them.
      Stmt n(t, "SELECT count(*) FROM certificate_status");
      if (!n.Step()) return n.status("count certificate states");
      entries_.reserve(static_cast<size_t>(n.Int(0)));
    }
    Stmt s(t,
           "SELECT number, state, received_on, received_carats_hundredths, "
           "received_value_usd_cents, received_parcels FROM certificate_status");
    std::vector<uint32_t> hashes;
    hashes.reserve(entries_.capacity());
    while (s.Step()) {
      const std::string_view number = s.TextView(0);
      if (number.size() > sizeof(Entry::number)) {
        return Status::Internal("stored certificate number longer than 40 bytes");
      }
      Entry& e = entries_.emplace_back();
      std::memcpy(e.number, number.data(), number.size());
      e.size = static_cast<uint8_t>(number.size());
      e.state = ParseState(s.Text(1));
      e.received_on = s.OptDate(2);
      e.carats = s.Int(3);
      e.value = s.Int(4);
      e.parcels = s.Int(5);
      hashes.push_back(Hash(number));
    }
    OPENKP_RETURN_IF_ERROR(s.status("scan certificate states"));
    size_t slots = 16;
    while (slots < entries_.size() * 2) slots *= 2;
    slots_.assign(slots, 0);
    for (uint32_t i = 0; i < entries_.size(); ++i) {
      for (size_t at = hashes[i] & (slots - 1);; at = (at + 1) & (slots - 1)) {
        if (slots_[at] == 0) {
          slots_[at] = static_cast<uint64_t>(hashes[i]) << 32 | (i + 1);
          break;
        }
      }
    }
    return {};
  }

  // The state of a certificate, nullptr when it has none.
  const Entry* Find(std::string_view number) const {
    const uint32_t hash = Hash(number);
    const size_t mask = slots_.size() - 1;
    for (size_t at = hash & mask; slots_[at] != 0; at = (at + 1) & mask) {
      if (slots_[at] >> 32 != hash) continue;
      const Entry& e = entries_[(slots_[at] & 0xffffffff) - 1];
      if (std::string_view(e.number, e.size) == number) return &e;
    }
    return nullptr;
  }

 private:
  static uint32_t Hash(std::string_view s) {
    const size_t h = std::hash<std::string_view>()(s);
    return static_cast<uint32_t>(h ^ (h >> 32));
  }
  std::vector<Entry> entries_;
  std::vector<uint64_t> slots_;  // hash << 32 | (index + 1) into entries_, 0 for free
};

constexpr const char* kFacts =
    "c.number, c.issuer, c.destination, c.key_id, c.issued_on, c.expires_on, "
    "c.carats_hundredths, c.value_usd_cents, c.parcels";

void ReadFacts(const Stmt& s, CertificateFacts& f) {
  f.number = s.TextView(0);
  f.issuer = s.TextView(1);
  f.destination = s.TextView(2);
  f.key_id = s.TextView(3);
  f.issued_on = s.DateAt(4);
  f.expires_on = s.DateAt(5);
  f.carats_hundredths = s.Int(6);
  f.value_usd_cents = s.Int(7);
  f.parcels = s.Int(8);
}

// One participant's certificates: few enough to join row by row.
Status ScanScope(Txn& t, const CertificateScope& scope,
                 const std::function<void(const CertificateFacts&)>& visit) {
  Stmt s(t, std::string("SELECT ") + kFacts +
                ", s.state, s.received_on, s.received_carats_hundredths, "
                "s.received_value_usd_cents, s.received_parcels "
                "FROM certificates c JOIN certificate_status s ON s.number = c.number WHERE " +
                (scope.as_destination ? "c.destination" : "c.issuer") +
                " = ? AND c.issued_on >= ? AND c.issued_on <= ? "
                "ORDER BY c.issuer, c.issued_on, c.number");
  s.Bind(1, scope.participant)
      .Bind(2, scope.from ? scope.from->ToString() : std::string("0000-00-00"))
      .Bind(3, scope.to ? scope.to->ToString() : std::string("9999-99-99"));
  CertificateFacts f;
  while (s.Step()) {
    ReadFacts(s, f);
    f.state = ParseState(s.Text(9));
    f.received_on = s.OptDate(10);
    f.received_carats_hundredths = s.Int(11);
    f.received_value_usd_cents = s.Int(12);
    f.received_parcels = s.Int(13);
    visit(f);
  }
  return s.status("scan certificates");
}

}  // namespace

Status ScanCertificateFacts(Txn& t, const CertificateScope& scope,
                            const std::function<void(const CertificateFacts&)>& visit) {
  if (!scope.participant.empty()) return ScanScope(t, scope, visit);
  StatusTable states;
  OPENKP_RETURN_IF_ERROR(states.Load(t));
  // The covering index (migration 9): no row with its document is read.
  Stmt s(t, std::string("SELECT ") + kFacts + " FROM certificates c" +
                IndexedBy(t, "certificates_by_issuer") +
                "WHERE c.issued_on >= ? AND c.issued_on <= ? "
                "ORDER BY c.issuer, c.issued_on, c.number");
  s.Bind(1, scope.from ? scope.from->ToString() : std::string("0000-00-00"))
      .Bind(2, scope.to ? scope.to->ToString() : std::string("9999-99-99"));
  CertificateFacts f;
  while (s.Step()) {
    ReadFacts(s, f);
    const StatusTable::Entry* e = states.Find(f.number);
    if (e == nullptr) continue;  // as the join it replaces would
    f.state = e->state;
    f.received_on = e->received_on;
    f.received_carats_hundredths = e->carats;
    f.received_value_usd_cents = e->value;
    f.received_parcels = e->parcels;
    visit(f);
  }
  return s.status("scan certificates");
}

}  // namespace openkp::store::sql
