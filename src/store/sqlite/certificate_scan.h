// The anomaly rules' scan of certificate facts (StatsStore::ScanCertificateFacts) in SQLite.
#pragma once

#include <functional>

#include "store/sqlite/connection.h"

namespace openkp::store::sqlite {

Status ScanCertificateFacts(StatementCache& cache, const CertificateScope& scope,
                            const std::function<void(const CertificateFacts&)>& visit);

}  // namespace openkp::store::sqlite
