// Regions, action plans and commitments over the /v1 API (docs/REGIONS.md), on every backend.
#include "api_fixture.h"

namespace openkp {
namespace {

namespace json = boost::json;
using testing::HttpCall;
using testing::HttpResult;
using testing::ReadKpProductionFile;

// Regions over HTTP on the real KP production figures: a region's table is the sum of its
// members' rows (exact hundredths), public where the data is; plans and commitments with bad
// input refused and nothing stored; each kind of step appended with its source; the register
// exported as CSV and .xlsx.
TEST_P(ApiTest, RegionsPlansAndCommitmentsOverHttp) {
  const std::string csv = ReadKpProductionFile("kp_production_halfyear_2003_2024.csv");
  ASSERT_EQ(HttpCall(port_, "POST", "/v1/stats/sources", csv, admin_, "text/csv").status, 201);
  const int64_t monitor_id = accounts_->Authenticate(monitor_token_)->user.id;
  json::object mru = json::parse(R"({"code": "MRU", "name": "Mano River Union", "kind": "region",
      "participants": ["CI", "GN", "LR", "SL"],
      "members": [{"name": "NMJD", "constituency": "civil-society", "participant": "SL",
                   "admin": true},
                  {"name": "National Minerals Agency", "constituency": "government",
                   "participant": "SL"}]})")
                         .as_object();
  mru["members"].as_array()[0].as_object()["user"] = monitor_id;
  ExpectProblem(Post("/v1/regions", mru, monitor_token_), 403, "", "");
  ASSERT_EQ(Post("/v1/regions", mru, admin_).status, 201);
  // A participant in two regions: refused, nothing stored.
  const std::string before = Snapshot();
  ExpectProblem(Post("/v1/regions", json::parse(R"({"code": "CA", "name": "Central Africa",
                                     "participants": ["CD", "SL"]})"),
                     admin_),
                400, "participants[1]", "one-region");
  ExpectProblem(Post("/v1/regions", json::parse(R"({"code": "X1", "name": "x",
                     "participants": ["CD"], "colour": "red"})"),
                     admin_),
                400, "colour", "");
  EXPECT_EQ(Snapshot(), before);
  auto pub = json::parse(HttpCall(port_, "GET", "/v1/regions/MRU").body).as_object();
  EXPECT_FALSE(pub["members"].as_array()[0].as_object().contains("user"));  // the account: private
  auto own = json::parse(HttpCall(port_, "GET", "/v1/regions/MRU", "", monitor_token_).body);
  EXPECT_EQ(own.at("members").at(0).at("user"), monitor_id);
  // A region as GET answers it may be sent back as a new version.
  auto read = HttpCall(port_, "GET", "/v1/regions/MRU", "", admin_);
  ExpectProblem(HttpCall(port_, "PUT", "/v1/regions/MRU", read.body, admin_), 409, "", "");
  json::object edited = json::parse(read.body).as_object();
  edited["members"].as_array().push_back(
      json::object{{"name", "Green Advocates"}, {"constituency", "civil-society"}});
  auto put = HttpCall(port_, "PUT", "/v1/regions/MRU", json::serialize(edited), admin_);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(json::parse(put.body).at("version"), 2);
  EXPECT_EQ(json::parse(put.body).at("kind"), "region");

  // The dashboard's production: each year the exact sum of the members' published rows.
  auto dash = HttpCall(port_, "GET", "/v1/regions/MRU/dashboard?from=2005&to=2024");
  ASSERT_EQ(dash.status, 200) << dash.body;
  auto d = json::parse(dash.body).as_object();
  std::map<int64_t, std::pair<int64_t, int64_t>> expected;
  for (const char* p : {"CI", "GN", "LR", "SL"}) {
    auto t = json::parse(
        HttpCall(port_, "GET", std::string("/v1/stats/production?participant=") + p).body);
    for (const auto& row : t.at("rows").as_array()) {
      const int64_t year = row.at("year").as_int64();
      if (year < 2005 || year > 2024) continue;
      expected[year].first += row.at("carats_hundredths").as_int64();
      expected[year].second += row.at("value_usd_cents").as_int64();
    }
  }
  const auto& rows = d["production"].at("rows").as_array();
  ASSERT_EQ(rows.size(), expected.size());
  int64_t total = 0;
  for (const auto& row : rows) {
    const auto& [carats, value] = expected.at(row.at("year").as_int64());
    EXPECT_EQ(row.at("carats_hundredths").as_int64(), carats) << row;
    EXPECT_EQ(row.at("value_usd_cents").as_int64(), value) << row;
    total += carats;
  }
  EXPECT_GT(total, 0);
  // The same tables as CSV (exact amounts with two decimals) and xlsx.
  auto csv_dash = HttpCall(port_, "GET", "/v1/regions/MRU/dashboard?from=2005&to=2024&format=csv");
  ASSERT_EQ(csv_dash.status, 200);
  EXPECT_EQ(csv_dash.body.rfind("flow,year,participant,carats,value_usd,", 0), 0u) << csv_dash.body;
  const auto& [carats_2019, value_2019] = expected.at(2019);
  EXPECT_NE(csv_dash.body.find("production,2019,," + core::FormatHundredths(carats_2019) + "," +
                               core::FormatHundredths(value_2019) + ","),
            std::string::npos);
  EXPECT_NE(csv_dash.body.find("production,2019,SL,"), std::string::npos);
  auto xlsx_dash = HttpCall(port_, "GET", "/v1/regions/MRU/dashboard?format=xlsx");
  ASSERT_EQ(xlsx_dash.status, 200);
  EXPECT_EQ(xlsx_dash.body.rfind("PK", 0), 0u);
  ExpectProblem(HttpCall(port_, "GET", "/v1/regions/MRU/dashboard?format=pdf"), 400, "format", "");
  EXPECT_FALSE(d["unit_values"].as_array().empty());
  // Findings and the trade between members are not the public's.
  EXPECT_EQ(d["findings"].at("visible"), false);
  EXPECT_EQ(d["intra_region_trade"].at("visible"), false);
  auto as_analyst = json::parse(
      HttpCall(port_, "GET", "/v1/regions/MRU/dashboard?from=2005&to=2024", "", analyst_).body);
  EXPECT_EQ(as_analyst.at("findings").at("visible"), true);
  // The partner breakdown is the parties' and admins' (as /v1/stats/exports?by=partner).
  EXPECT_EQ(as_analyst.at("intra_region_trade").at("visible"), false);
  auto as_admin = json::parse(
      HttpCall(port_, "GET", "/v1/regions/MRU/dashboard?from=2005&to=2024", "", admin_).body);
  EXPECT_EQ(as_admin.at("intra_region_trade").at("visible"), true);
  // An officer of a participant outside the region sees neither.
  auto as_bw = json::parse(
      HttpCall(port_, "GET", "/v1/regions/MRU/dashboard?from=2005&to=2024", "", bw_).body);
  EXPECT_EQ(as_bw.at("findings").at("visible"), false);
  ExpectProblem(HttpCall(port_, "GET", "/v1/regions/MRU/dashboard?from=2024&to=2005"), 400, "to",
                "range");
  ExpectProblem(HttpCall(port_, "GET", "/v1/regions/NOPE/dashboard"), 404, "", "");

  // An action plan by the region's administrator (a civil-society monitor), its actions.
  auto plan = Post("/v1/action-plans",
                   json::parse(R"({"scope": "region:MRU", "title": "Regional action plan",
                     "axes": ["internal controls", "law enforcement", "benefits"],
                     "adopted_on": "2026-04-11", "adopted_at": "Kinshasa",
                     "source": "Workshop report"})"),
                   monitor_token_);
  ASSERT_EQ(plan.status, 201) << plan.body;
  const std::string plan_path = plan.headers["location"];
  const std::string before_action = Snapshot();
  ExpectProblem(
      Post(plan_path + "/actions", json::parse(R"({"axis": "benefits", "text": "t", "owner": "o",
                       "starts_on": "2027-01-01", "due_on": "2026-12-01"})"),
           monitor_token_),
      400, "due_on", "order");
  ExpectProblem(
      Post(plan_path + "/actions", json::parse(R"({"axis": "tourism", "text": "t", "owner": "o",
                       "due_on": "2026-12-01"})"),
           monitor_token_),
      400, "axis", "axis");
  ExpectProblem(
      Post(plan_path + "/actions", json::parse(R"({"axis": "benefits", "text": "t", "owner": "o",
                       "due_on": "2026-12-01"})"),
           bw_),
      403, "", "");
  EXPECT_EQ(Snapshot(), before_action);
  auto action = Post(plan_path + "/actions",
                     json::parse(R"({"axis": "benefits", "text": "Community development fund",
                       "owner": "Ministries of mines", "due_on": "2027-06-30",
                       "first_report_due": "2026-12-31"})"),
                     monitor_token_);
  ASSERT_EQ(action.status, 201) << action.body;
  const std::string action_path = action.headers["location"];
  auto status =
      Post(action_path + "/status",
           json::parse(R"({"status": "in-progress", "source": "MRU minutes"})"), monitor_token_);
  ASSERT_EQ(status.status, 200) << status.body;
  auto st = json::parse(status.body);
  EXPECT_EQ(st.at("state").at("status"), "in-progress");
  EXPECT_EQ(st.at("steps").at(0).at("source"), "MRU minutes");
  ExpectProblem(
      Post(action_path + "/status", json::parse(R"({"status": "implemented"})"), monitor_token_),
      400, "source", "");

  // A commitment without a source: refused; with one, recorded and assessed with evidence.
  json::object c = json::parse(R"({"text": "Train its security staff on human rights",
      "owner": "ZCDC", "promised_to": "Communities of Marange", "made_on": "2026-06-01",
      "place": "Mutare", "participant": "ZW", "due_on": "2027-06-01"})")
                       .as_object();
  const std::string before_commitment = Snapshot();
  ExpectProblem(Post("/v1/commitments", c, monitor_token_), 400, "source", "");
  c["activity"] = "NO-SUCH-ACTIVITY";
  c["source"] = "Conference minutes";
  ExpectProblem(Post("/v1/commitments", c, monitor_token_), 400, "activity", "activity");
  c.erase("activity");
  c["sites"] = json::array{"ZW-NOPE-999"};
  ExpectProblem(Post("/v1/commitments", c, monitor_token_), 400, "sites", "site");
  c.erase("sites");
  EXPECT_EQ(Snapshot(), before_commitment);
  auto made = Post("/v1/commitments", c, monitor_token_);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string commitment_path = made.headers["location"];
  ExpectProblem(Post(commitment_path + "/assessment",
                     json::parse(R"({"status": "not-implemented", "source": "visit",
                                     "evidence": ["incident:999"]})"),
                     monitor_token_),
                400, "evidence[0]", "incident");
  auto assessed = Post(commitment_path + "/assessment",
                       json::parse(R"({"status": "not-implemented", "source": "field visit"})"),
                       monitor_token_);
  ASSERT_EQ(assessed.status, 200) << assessed.body;
  EXPECT_EQ(json::parse(assessed.body).at("state").at("civil_society_assessment"),
            "not-implemented");
  ExpectProblem(Post(commitment_path + "/status",
                     json::parse(R"({"status": "implemented", "source": "x"})"), bw_),
                403, "", "");
  // The public register: no names of who recorded what; CSV and .xlsx exports.
  auto reg = json::parse(HttpCall(port_, "GET", "/v1/commitments").body);
  ASSERT_EQ(reg.at("items").as_array().size(), 1u);
  EXPECT_TRUE(reg.at("items").at(0).at("recorded_by").is_null());
  EXPECT_TRUE(reg.at("items").at(0).at("steps").at(0).at("by").is_null());
  auto csv_reg = HttpCall(port_, "GET", "/v1/follow-ups?format=csv");
  ASSERT_EQ(csv_reg.status, 200);
  EXPECT_EQ(csv_reg.body.rfind("id,type,scope,", 0), 0u) << csv_reg.body;
  EXPECT_NE(csv_reg.body.find("Train its security staff"), std::string::npos);
  EXPECT_NE(csv_reg.body.find("Community development fund"), std::string::npos);
  auto xlsx_reg = HttpCall(port_, "GET", "/v1/commitments?format=xlsx");
  ASSERT_EQ(xlsx_reg.status, 200);
  EXPECT_EQ(xlsx_reg.content_type, kXlsxType);
  EXPECT_EQ(xlsx_reg.body.rfind("PK", 0), 0u);
  ExpectProblem(HttpCall(port_, "GET", "/v1/follow-ups?overdue=maybe"), 400, "overdue", "");
  ExpectProblem(HttpCall(port_, "GET", "/v1/follow-ups?type=promise"), 400, "type", "");
  ExpectProblem(HttpCall(port_, "GET", "/v1/follow-ups?type=recommendation&status=bogus"), 400,
                "status", "");
  ExpectProblem(HttpCall(port_, "GET", "/v1/follow-ups?type=recommendation&plan=1"), 400, "plan",
                "");
  ExpectProblem(HttpCall(port_, "GET", "/v1/regions/MRU?evil=1"), 400, "evil", "");
  auto long_region = HttpCall(port_, "GET", "/v1/follow-ups?region=" + std::string(5000, 'X'));
  EXPECT_EQ(long_region.status, 404);
  EXPECT_LT(long_region.body.size(), 1000u);  // the value is not echoed whole
  // Trade between members and its mirror gap: BW's certificate to EU, short on arrival.
  ASSERT_EQ(Post("/v1/regions",
                 json::parse(R"({"code": "BW-EU", "name": "Test pair", "kind": "initiative",
                                 "participants": ["BW", "EU"]})"),
                 admin_)
                .status,
            201);
  auto issued = Post("/v1/certificates", IssueBody(), bw_);
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string number(json::parse(issued.body).at("number").as_string());
  ASSERT_EQ(Post("/v1/certificates/" + number + "/confirm",
                 json::object{
                     {"carats_hundredths", 120000}, {"value_usd_cents", 38100000}, {"parcels", 3}},
                 eu_)
                .status,
            200);
  const std::string year = std::to_string(today_.year());
  const std::string pair_path = "/v1/regions/BW-EU/dashboard?from=" + year + "&to=" + year;
  auto pair = json::parse(HttpCall(port_, "GET", pair_path, "", admin_).body);
  const auto& flows = pair.at("intra_region_trade").at("rows").as_array();
  ASSERT_EQ(flows.size(), 1u) << pair;
  EXPECT_EQ(flows[0].at("exporter"), "BW");
  EXPECT_EQ(flows[0].at("importer"), "EU");
  EXPECT_EQ(flows[0].at("exported_carats_hundredths"), 130050);  // the two lines declared
  EXPECT_EQ(flows[0].at("imported_carats_hundredths"), 120000);  // as received
  EXPECT_EQ(flows[0].at("gap_carats_hundredths"), 10050);
  EXPECT_EQ(flows[0].at("exported_certificates"), 1);
  // The parties' officers see their pair; another participant's, nothing; analysts and the
  // public, nothing.
  EXPECT_EQ(json::parse(HttpCall(port_, "GET", pair_path, "", analyst_).body)
                .at("intra_region_trade")
                .at("visible"),
            false);
  EXPECT_EQ(json::parse(HttpCall(port_, "GET", pair_path, "", eu_).body)
                .at("intra_region_trade")
                .at("rows")
                .as_array()
                .size(),
            1u);
  EXPECT_EQ(json::parse(HttpCall(port_, "GET", pair_path, "", za_).body)
                .at("intra_region_trade")
                .at("visible"),
            false);
  auto public_pair = json::parse(HttpCall(port_, "GET", pair_path).body);
  EXPECT_EQ(public_pair.at("intra_region_trade").at("visible"), false);
  // One certificate is below the disclosure threshold: the public's sums are withheld.
  EXPECT_EQ(public_pair.at("exports").at("rows").at(0).at("suppressed"), true) << public_pair;
  // The region's dashboard lists its plan.
  auto after = json::parse(HttpCall(port_, "GET", "/v1/regions/MRU/dashboard").body);
  EXPECT_EQ(after.at("action_plans").as_array().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(EveryBackend, ApiTest, ::testing::ValuesIn(backends::Schemes()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace openkp
