// Microbenchmarks of the issue path's parts, in-process (Google Benchmark): where the time of
// one certificate goes, without HTTP. Run: build/bench/bench/registry_bench
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>

#include "backends/backends.h"
#include "core/certificate.h"
#include "crypto/crypto.h"
#include "registry/codec.h"
#include "registry/registry.h"

namespace {

using namespace openkp;

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<store::Database> store;
  std::unique_ptr<registry::KeyVault> vault;
  std::unique_ptr<registry::Registry> reg;
  std::unique_ptr<accounts::Accounts> accounts;
  registry::Principal bw;
  Fixture() {
    dir = std::filesystem::temp_directory_path() / ("openkp-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    store = std::move(*backends::OpenDatabase(backends::SqliteUrl((dir / "db").string())));
    vault = std::make_unique<registry::KeyVault>((dir / "keys").string());
    reg = std::make_unique<registry::Registry>(*store, *vault);
    accounts = std::make_unique<accounts::Accounts>(*store);
    (void)reg->InitParticipants();
    (void)reg->GenerateKey("BW");
    bw = registry::Principal{accounts->AddUser("bw", store::Role::kOfficer, "BW")->user};
  }
  ~Fixture() { std::filesystem::remove_all(dir); }
};

registry::IssueRequest Request() {
  registry::IssueRequest r;
  r.destination = "EU";
  r.origin = {false, {"BW"}};
  r.exporter = {"Okavango Diamond Company", "Plot 63, Gaborone"};
  r.importer = {"Antwerp Rough NV", "Hoveniersstraat 2, Antwerp"};
  r.lines = {{"7102.31", 125050, 38000000}, {"7102.21", 30000, 900000}};
  r.parcels = 3;
  return r;
}

void BM_Issue(benchmark::State& state) {
  Fixture f;
  auto r = Request();
  for (auto _ : state) {
    auto rec = f.reg->Issue(f.bw, r);
    if (!rec.ok()) state.SkipWithError(rec.status().message().c_str());
  }
}
BENCHMARK(BM_Issue);

void BM_Authenticate(benchmark::State& state) {
  Fixture f;
  auto u = f.accounts->AddUser("x", store::Role::kOfficer, "BW");
  for (auto _ : state) benchmark::DoNotOptimize(f.accounts->Authenticate(u->token));
}
BENCHMARK(BM_Authenticate);

void BM_ParseIssueRequest(benchmark::State& state) {
  std::string text =
      R"({"destination":"EU","origin":{"mixed":false,"countries":["BW"]},"exporter":{"name":"Okavango Diamond Company","address":"Plot 63, Gaborone"},"importer":{"name":"Antwerp Rough NV","address":"Hoveniersstraat 2, Antwerp"},"lines":[{"hs_code":"7102.31","carats_hundredths":125050,"value_usd_cents":38000000}],"parcels":3})";
  for (auto _ : state) {
    auto v = core::ParseJson(text);
    benchmark::DoNotOptimize(registry::IssueRequestFromJson(*v));
  }
}
BENCHMARK(BM_ParseIssueRequest);

void BM_CanonicalBodyAndSign(benchmark::State& state) {
  Fixture f;
  auto rec = *f.reg->Issue(f.bw, Request());
  auto kp = crypto::KeyPair::Generate();
  for (auto _ : state) {
    auto c = core::CanonicalBody(rec.certificate.body);
    benchmark::DoNotOptimize(crypto::Sign(kp, *c));
  }
}
BENCHMARK(BM_CanonicalBodyAndSign);

void BM_RecordToJson(benchmark::State& state) {
  Fixture f;
  auto rec = *f.reg->Issue(f.bw, Request());
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        boost::json::serialize(registry::RecordToJson(rec, core::Date::TodayUtc())));
  }
}
BENCHMARK(BM_RecordToJson);

void BM_VerifyStored(benchmark::State& state) {
  Fixture f;
  auto rec = *f.reg->Issue(f.bw, Request());
  for (auto _ : state) benchmark::DoNotOptimize(f.reg->VerifyStored(rec.certificate.body.number));
}
BENCHMARK(BM_VerifyStored);

}  // namespace

BENCHMARK_MAIN();
