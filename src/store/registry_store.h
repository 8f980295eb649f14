// KP participants, their authorities' keys, and certificates with their confirmations and
// voidings. See database.h for the contracts every domain store shares. Writes that are events
// (a key registered, a certificate issued, ...) append the event through EventStore in the same
// transaction; the registry service does that.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace openkp::store {

class RegistryStore {
 public:
  virtual ~RegistryStore() = default;

  virtual Status UpsertParticipant(Txn& t, const Participant& p) = 0;
  virtual Result<std::vector<Participant>> ListParticipants(Txn& t) = 0;  // by code
  virtual Result<Participant> GetParticipant(Txn& t, const std::string& code) = 0;

  virtual Status AddKey(Txn& t, const AuthorityKey& key) = 0;
  virtual Result<AuthorityKey> GetKey(Txn& t, const std::string& key_id) = 0;
  // All keys, or one participant's, oldest first.
  virtual Result<std::vector<AuthorityKey>> ListKeys(
      Txn& t, const std::optional<std::string>& participant) = 0;
  virtual Status SetKeyValidTo(Txn& t, const std::string& key_id, Date valid_to) = 0;
  virtual Status RevokeKey(Txn& t, const std::string& key_id, Date revoked_on,
                           const std::string& reason) = 0;

  // The next value of the per-issuer, per-year certificate sequence (1, 2, ...); inside the
  // transaction that uses it, numbers stay gapless.
  virtual Result<int64_t> NextCertificateSequence(Txn& t, const std::string& issuer, int year) = 0;
  virtual Result<std::optional<IssueKey>> FindIssueKey(Txn& t, int64_t user_id,
                                                       const std::string& key) = 0;
  // kAlreadyExists if the user has used the key before.
  virtual Status AddIssueKey(Txn& t, int64_t user_id, const std::string& key,
                             const IssueKey& issued) = 0;

  // Stores a new certificate in state kIssued; kAlreadyExists (field number, rule unique) when
  // the number is taken, and then the transaction stays usable (the registry tries the next
  // number).
  virtual Status InsertCertificate(Txn& t, const CertificateRecord& record) = 0;
  virtual Result<CertificateRecord> GetCertificate(Txn& t, const std::string& number) = 0;
  // Just the signed document as stored (CertificateRecord::document), unparsed.
  virtual Result<std::string> GetCertificateDocument(Txn& t, const std::string& number) = 0;
  // Move kIssued -> kConfirmed / kVoided; any other state gives kFailedPrecondition.
  virtual Status RecordConfirmation(Txn& t, const std::string& number, const Confirmation& c) = 0;
  virtual Status RecordVoiding(Txn& t, const std::string& number, const Voiding& v) = 0;
  virtual Result<CertificatePage> ListCertificates(Txn& t, const CertificateFilter& filter) = 0;
  // `participant`'s certificates (as destination, or as issuer) issued within [from, to], counted
  // per state as of `today`, in one pass over an index (dossiers).
  virtual Result<CertificateCounts> CountCertificates(Txn& t, const std::string& participant,
                                                      bool as_destination, Date from, Date to,
                                                      Date today) = 0;
};

}  // namespace openkp::store
