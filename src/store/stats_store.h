// Statistics: imported sources (vintages) and their figures, revisions between vintages, and
// trade flows derived from the registry's certificates. See database.h for the contracts every
// domain store shares, and docs/STATISTICS.md for the data.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace openkp::store {

class StatsStore {
 public:
  virtual ~StatsStore() = default;
  virtual Result<std::optional<StatSource>> FindSource(Txn& t, const std::string& sha256) = 0;
  // Stores a source and its figures. Each figure becomes the current one for its key unless a
  // newer vintage is already current there (then it is kept as superseded); replacing a
  // current figure with different amounts records a StatRevision. Figures are append-only;
  // only the pointer to the current one moves. kAlreadyExists when the same figures (sha256)
  // were imported before. `progress`, when set, is called with the number of figures stored
  // so far, now and then.
  virtual Result<StatImportOutcome> ImportFigures(
      Txn& t, const StatSource& source, const std::vector<StatFigure>& figures,
      const std::function<void(size_t)>& progress = nullptr) = 0;
  virtual Result<std::vector<StatSource>> ListSources(Txn& t) = 0;
  virtual Result<StatSource> GetSource(Txn& t, int64_t id) = 0;
  // The current figures (newest vintage per key), ordered by participant, year, period.
  virtual Result<std::vector<StatFigure>> ListCurrentFigures(Txn& t, const StatFilter& f) = 0;
  // All figures of one source, in key order.
  virtual Result<std::vector<StatFigure>> ListFigures(Txn& t, int64_t source_id) = 0;
  virtual Result<std::vector<StatRevision>> ListRevisions(Txn& t) = 0;
  // Whether certificate events have been committed that the trade flows do not reflect yet:
  // cheap (two key reads), for a read transaction to decide whether a refresh is needed.
  virtual Result<bool> TradeFlowsBehind(Txn& t) = 0;
  // What the anomaly rules read changes only with these (and reference data, and the date): the
  // newest statistics source's id and the newest certificate or key event's id, 0 for none.
  // Cheap (index reads), so that a cache of findings survives unrelated writes.
  virtual Result<std::pair<int64_t, int64_t>> LatestInputs(Txn& t) = 0;
  // Brings the trade flows up to date with the certificate events committed so far, applying
  // each new issue, confirmation and void once. Kept off the write path of certificates on
  // purpose: issuing is the hot path, statistics are read rarely; readers pay for what is new.
  virtual Status RefreshTradeFlows(Txn& t) = 0;
  // Certificate trade flows (see TradeFlow) as of the last refresh.
  virtual Result<std::vector<TradeFlow>> ListTradeFlows(Txn& t, const StatFilter& filter) = 0;
  // Calls `visit` for every certificate in `scope` (every certificate when it is empty) with its
  // state, ordered by issuer, issue date and number (the anomaly rules' number-sequence check
  // reads them in that order). A full scan is read at a million certificates, so backends read
  // as little as they can, in memory that does not grow with the data (SQL backends: two
  // covering indexes in this order, the certificates' and their states', merged: 0.15 + 0.16 s in
  // the sqlite3 shell at a million, against 1.5 s for the rows with documents and 2.5 s for a
  // join).
  virtual Status ScanCertificateFacts(
      Txn& t, const CertificateScope& scope,
      const std::function<void(const CertificateFacts&)>& visit) = 0;
  // Certificates whose numbers are the same without separators, grouped by that plain number and
  // ordered as the scan above within a group. Read from an index in that order (SQL backends:
  // certificates_by_plain_number), in memory that does not grow with the certificates: 0.3 s in
  // the sqlite3 shell at a million.
  virtual Result<std::vector<SameNumber>> ListSameNumbers(Txn& t) = 0;
};

}  // namespace openkp::store
