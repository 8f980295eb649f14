// The anomaly rules' scan of certificate facts (StatsStore::ScanCertificateFacts) on SQL backends
// (SQLite, PostgreSQL).
#pragma once

#include <functional>

#include "store/sql/statement.h"

namespace openkp::store::sql {

Status ScanCertificateFacts(Txn& t, const CertificateScope& scope,
                            const std::function<void(const CertificateFacts&)>& visit);

Result<std::vector<SameNumber>> ListSameNumbers(Txn& t);

}  // namespace openkp::store::sql
