#include "monitor/monitor.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <numbers>

#include "backends/backends.h"
#include "crypto/crypto.h"
#include "monitor/attachment_files.h"
#include "monitor/geo.h"
#include "monitor/multipart.h"
#include "monitor/openrosa.h"
#include "monitor/risk.h"
#include "monitor/xml.h"
#include "pg_database.h"

namespace openkp::monitor {
namespace {

TEST(Xml, ParsesAndRefusesEntitiesAndDoctypes) {
  auto root = ParseXml(R"(<data xmlns:orx="http://openrosa.org/xforms" id="f" orx:version="3">
    <a>x &amp; y</a><meta><instanceID>uuid:1</instanceID></meta></data>)");
  ASSERT_TRUE(root.ok()) << root.status().message();
  EXPECT_EQ(root->Attr("version"), "3");
  EXPECT_EQ(root->Child("a")->text, "x & y");
  const char* bomb =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
      "\"&lol;&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>";
  auto refused = ParseXml(bomb);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("DOCTYPE"), std::string::npos);
  auto external = ParseXml("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>");
  EXPECT_FALSE(external.ok());
  EXPECT_FALSE(ParseXml("<a><b></a>").ok());
  EXPECT_FALSE(ParseXml("").ok());
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "<a>";
  EXPECT_FALSE(ParseXml(deep).ok());
}

std::string Body(const std::string& boundary, const std::vector<std::array<std::string, 4>>& parts,
                 bool close = true) {
  std::string b;
  for (const auto& [name, filename, type, content] : parts) {
    b += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"";
    if (!filename.empty()) b += "; filename=\"" + filename + "\"";
    b += "\r\n";
    if (!type.empty()) b += "Content-Type: " + type + "\r\n";
    b += "\r\n" + content + "\r\n";
  }
  if (close) b += "--" + boundary + "--\r\n";
  return b;
}

TEST(Multipart, FindsPartsAcrossChunks) {
  const std::string big(200000, 'x');  // crosses the 64 KiB reading chunks
  const std::string body = Body("b0undary", {{"xml_submission_file", "s.xml", "text/xml", "<x/>"},
                                             {"p.jpg", "p.jpg", "image/jpeg", big},
                                             {"*isIncomplete*", "", "", "yes"}});
  StringSource src(body);
  auto parts = ParseMultipart(src, "b0undary");
  ASSERT_TRUE(parts.ok()) << parts.status().message();
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].name, "xml_submission_file");
  EXPECT_EQ((*parts)[0].content_type, "text/xml");
  EXPECT_EQ(*ReadRange(src, (*parts)[0].offset, (*parts)[0].size), "<x/>");
  EXPECT_EQ((*parts)[1].size, big.size());
  EXPECT_EQ((*parts)[2].name, "*isIncomplete*");
  EXPECT_EQ(*ReadRange(src, (*parts)[2].offset, (*parts)[2].size), "yes");
  auto boundary = MultipartBoundary("multipart/form-data; boundary=\"b0undary\"");
  ASSERT_TRUE(boundary.ok());
  EXPECT_EQ(*boundary, "b0undary");
  EXPECT_FALSE(MultipartBoundary("application/json").ok());
}

TEST(Multipart, RefusesMalformedBodies) {
  const std::string cut = Body("b", {{"a", "", "", "1"}}, /*close=*/false);
  StringSource s1(cut);
  EXPECT_FALSE(ParseMultipart(s1, "b").ok());  // no closing delimiter
  StringSource s2("--b\r\nX-Other: 1\r\n\r\nzz\r\n--b--\r\n");
  EXPECT_FALSE(ParseMultipart(s2, "b").ok());  // no Content-Disposition
  StringSource s3("no delimiter at all");
  EXPECT_FALSE(ParseMultipart(s3, "b").ok());
  std::string many;
  for (int i = 0; i < 200; ++i)
    many += "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n";
  many += "--b--\r\n";
  StringSource s4(many);
  EXPECT_FALSE(ParseMultipart(s4, "b").ok());
}

TEST(OpenRosa, InstancesAndNames) {
  auto in = ParseInstance(
      "<data id=\"openkp_incident\" orx:version=\"7\" xmlns:orx=\"http://openrosa.org/xforms\">"
      "<category>child_labour</category><meta><instanceID>uuid:abc</instanceID>"
      "<deprecatedID/></meta></data>");
  ASSERT_TRUE(in.ok()) << in.status().message();
  EXPECT_EQ(in->form_id, "openkp_incident");
  EXPECT_EQ(in->version, "7");
  EXPECT_EQ(in->instance_id, "uuid:abc");
  EXPECT_EQ(in->fields.at("category"), "child_labour");
  EXPECT_FALSE(ParseInstance("<data id=\"f\"><meta/></data>").ok());
  EXPECT_FALSE(ParseInstance("<data><meta><instanceID>uuid:1</instanceID></meta></data>").ok());
  EXPECT_FALSE(
      ParseInstance("<data id=\"f\"><meta><instanceID>nope</instanceID></meta></data>").ok());
  auto enc = ParseInstance(
      "<data id=\"openkp_incident\" version=\"7\" encrypted=\"yes\" "
      "xmlns=\"http://opendatakit.org/submissions\"><base64EncryptedKey>AAA</base64EncryptedKey>"
      "<meta xmlns=\"http://openrosa.org/xforms\"><instanceID>uuid:e</instanceID></meta>"
      "<media><file>1.jpg.enc</file></media><encryptedXmlFile>submission.xml.enc"
      "</encryptedXmlFile><base64EncryptedElementSignature>S</base64EncryptedElementSignature>"
      "</data>");
  ASSERT_TRUE(enc.ok()) << enc.status().message();
  EXPECT_TRUE(enc->encrypted);
  EXPECT_EQ(enc->media, (std::vector<std::string>{"1.jpg.enc", "submission.xml.enc"}));
  for (const char* bad : {"../x.jpg", "/etc/passwd", "a/b.jpg", "a\\b", ".hidden", ""}) {
    EXPECT_FALSE(CheckAttachmentName(bad).ok()) << bad;
  }
  EXPECT_FALSE(CheckAttachmentName(std::string("a\0b", 3)).ok());
  EXPECT_TRUE(CheckAttachmentName("1701234567.jpg").ok());
  EXPECT_EQ(ContentTypeFor("x.JPG"), "image/jpeg");
}

TEST(OpenRosa, DigestMatchesRfc2617Example) {
  // RFC 2617 section 3.5: Mufasa / Circle Of Life.
  DigestAuth d("secret", "testrealm@host.com");
  DigestCredentials c;
  c.username = "Mufasa";
  c.realm = "testrealm@host.com";
  c.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
  c.uri = "/dir/index.html";
  c.qop = "auth";
  c.nc = "00000001";
  c.cnonce = "0a4f113b";
  c.response = "6629fae49393a05397450978507c4ef1";
  EXPECT_TRUE(d.ResponseMatches(c, "GET", d.Ha1("Mufasa", "Circle Of Life")));
  EXPECT_FALSE(d.ResponseMatches(c, "GET", d.Ha1("Mufasa", "wrong")));
  auto parsed = ParseDigest(
      "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"n\", "
      "uri=\"/dir/index.html\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", response=\"r\"");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->qop, "auth");
  EXPECT_EQ(parsed->uri, "/dir/index.html");
  EXPECT_FALSE(ParseDigest("Basic abc").ok());
  // Nonces: ours and fresh, ours and expired, or forged.
  const std::string challenge = d.Challenge(1000);
  const size_t at = challenge.find("nonce=\"") + 7;
  const std::string nonce = challenge.substr(at, challenge.find('"', at) - at);
  bool stale = false;
  EXPECT_TRUE(d.NonceValid(nonce, 1100, &stale));
  EXPECT_FALSE(d.NonceValid(nonce, 1000 + 601, &stale));
  EXPECT_TRUE(stale);
  EXPECT_FALSE(d.NonceValid("1000.abcd.0000", 1000, &stale));
  EXPECT_FALSE(stale);
  EXPECT_FALSE(DigestAuth("other", "r").NonceValid(nonce, 1000, &stale));
  // A count is good once per nonce: a captured request cannot be replayed.
  DigestCredentials used = c;
  used.nonce = nonce;
  EXPECT_TRUE(d.UseCount(used, 1100));
  EXPECT_FALSE(d.UseCount(used, 1100));
  EXPECT_TRUE(d.CountUsed(used));
  used.nc = "00000002";
  EXPECT_FALSE(d.CountUsed(used));
  EXPECT_TRUE(d.UseCount(used, 1100));
  // RFC 2069's answer without qop (and so without a count) is refused.
  DigestCredentials old = c;
  old.qop.clear();
  old.response = crypto::Md5Hex(d.Ha1("Mufasa", "Circle Of Life") + ":" + c.nonce + ":" +
                                crypto::Md5Hex("GET:/dir/index.html"));
  EXPECT_FALSE(d.ResponseMatches(old, "GET", d.Ha1("Mufasa", "Circle Of Life")));
}

TEST(Geo, EveryPointOfACellHasOnePublicPoint) {
  // Two witnesses 300 m apart in one cell, and a published site there: one public point, so
  // knowing the site's true place tells nothing about the witnesses'.
  const GeoPoint site{-19966000, 32300000}, a{-19963500, 32302500}, b{-19965900, 32305500};
  const GeoPoint ps = Displace(CellCentre(site), CellSeed("k", site), 5000);
  for (const GeoPoint& p : {a, b}) {
    const GeoPoint pp = Displace(CellCentre(p), CellSeed("k", p), 5000);
    EXPECT_EQ(pp.lat_e6, ps.lat_e6);
    EXPECT_EQ(pp.lon_e6, ps.lon_e6);
  }
  // Negative coordinates floor to their cell (not towards zero).
  EXPECT_EQ(CellCentre({-1, -1}).lat_e6, -5000);
  EXPECT_EQ(CellCentre({1, 1}).lat_e6, 5000);
  EXPECT_NE(CellSeed("k", {-1, 0}), CellSeed("k", {1, 0}));
}

TEST(Geo, ExactDegreesAndStableDisplacement) {
  EXPECT_EQ(*ParseDegreesE6("-17.1234567", 90), -17123456);
  EXPECT_EQ(*ParseDegreesE6("32.3", 180), 32300000);
  EXPECT_EQ(FormatE6(-17123456), "-17.123456");
  EXPECT_EQ(FormatE6(500), "0.000500");
  EXPECT_FALSE(ParseDegreesE6("91", 90).ok());
  EXPECT_FALSE(ParseDegreesE6("1e5", 90).ok());
  EXPECT_FALSE(ParseDegreesE6("", 90).ok());
  auto p = ParseGeopoint("-19.966 32.3 1100 5");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->lat_e6, -19966000);
  const GeoPoint a = Displace(*p, "seed-1", 5000);
  EXPECT_EQ(a.lat_e6, Displace(*p, "seed-1", 5000).lat_e6);  // stable
  EXPECT_EQ(a.lon_e6, Displace(*p, "seed-1", 5000).lon_e6);
  for (int i = 0; i < 200; ++i) {
    const GeoPoint d = Displace(*p, "seed-" + std::to_string(i), 5000);
    const double dy = (d.lat_e6 - p->lat_e6) / 1e6 * 111320;
    const double dx =
        (d.lon_e6 - p->lon_e6) / 1e6 * 111320 * std::cos(-19.966 * std::numbers::pi / 180);
    const double metres = std::sqrt(dx * dx + dy * dy);
    EXPECT_LE(metres, 5000 + 160) << i;  // plus the 0.001-degree rounding
    EXPECT_GE(metres, 500 - 160) << i;
  }
}

Report Reviewed(int64_t id, const std::string& category, const std::string& on,
                const std::string& site, const std::string& status = "verified") {
  Report r;
  r.id = id;
  r.form_id = "openkp_incident";
  r.category = category;
  r.occurred_on = on;
  r.participant = "ZW";
  r.area = "Marange";
  r.site_code = site;
  r.status = status;
  return r;
}

TEST(Risk, BothDefinitionsWithTheirThresholds) {
  const core::Date today = *core::Date::Parse("2026-11-30");
  RiskThresholds t;
  std::vector<Report> reports = {
      Reviewed(1, "security_force_violence", "2026-01-10", "A"),
      Reviewed(2, "security_force_violence", "2026-02-10", "A"),
      Reviewed(3, "child_labour", "2026-03-10", "B"),
      Reviewed(4, "forced_labour", "2026-03-20", "A"),
      Reviewed(5, "environmental_harm", "2026-04-10", "A"),  // not an abuse of either kind
      Reviewed(6, "human_rights_abuse", "2024-01-10", "A"),  // outside the window
      Reviewed(7, "security_force_violence", "2026-05-10", "A", "received"),  // not reviewed
  };
  // Four abuses: below "systematic" (5). No armed-group violence: no KPCS flag.
  EXPECT_TRUE(AssessRisk(reports, today, t).empty());
  reports.push_back(Reviewed(8, "armed_group_violence", "2026-06-10", "B"));
  auto flags = AssessRisk(reports, today, t);
  // Now five abuses over 4 months and 2 sites at participant and area scope, and armed-group
  // violence at every scope of site B.
  int kpcs = 0, expanded = 0;
  for (const auto& f : flags) {
    if (f.definition == "kpcs") {
      ++kpcs;
      EXPECT_EQ(f.incidents, std::vector<int64_t>{8});
    } else {
      ++expanded;
      EXPECT_EQ(f.incidents, (std::vector<int64_t>{1, 2, 3, 4, 8}));
      EXPECT_EQ(f.months, 4);  // January, February, March (twice), June
      EXPECT_NE(f.explanation.find("systematic"), std::string::npos);
    }
  }
  EXPECT_EQ(kpcs, 3);      // participant, area, site B
  EXPECT_EQ(expanded, 2);  // participant, area (site A has 3, site B 2)
  // Stricter thresholds remove the expanded flags.
  ASSERT_TRUE(SetThreshold(&t, "widespread_min_months", 6).ok());
  ASSERT_TRUE(SetThreshold(&t, "widespread_min_sites", 3).ok());
  for (const auto& f : AssessRisk(reports, today, t)) EXPECT_EQ(f.definition, "kpcs");
  EXPECT_FALSE(SetThreshold(&t, "nonsense", 3).ok());
  EXPECT_FALSE(SetThreshold(&t, "window_days", 0).ok());
}

// The service and its domain store on every storage backend this build has (the monitor
// store's contract tests, like tests/store_conformance_test.cpp for the core stores).
class MonitorService : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("openkp-monitor-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    if (GetParam() == "sqlite") url_ = backends::SqliteUrl((dir_ / "t.db").string());
    if (GetParam() == "postgresql") url_ = testing::FreshPostgresDatabase();
    ASSERT_FALSE(url_.empty()) << "no test URL for backend " << GetParam();
    auto db = backends::OpenDatabase(url_, {Schema()});
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
    auto st = NewMonitorStore(*db_);
    ASSERT_TRUE(st.ok());
    mon_ = std::make_unique<Monitor>(*db_, std::move(*st), MonitorOptions{"secret"});
    accounts_ = std::make_unique<accounts::Accounts>(*db_);
    admin_.user.role = store::Role::kAdmin;
    admin_.user.name = "admin";
    ASSERT_TRUE(mon_->AddOrganisation(admin_, "ORG-A", "Org A").ok());
    ASSERT_TRUE(mon_->AddOrganisation(admin_, "ORG-B", "Org B").ok());
    member_ = Member("A member", "ORG-A");
    other_ = Member("B member", "ORG-B");
    auto v = accounts_->AddUser("Verifier", store::Role::kVerifier, "");
    ASSERT_TRUE(v.ok());
    verifier_.user = v->user;
    auto d = mon_->AddDevice(member_, "ORG-A", "phone");
    ASSERT_TRUE(d.ok()) << d.status().message();
    device_ = d->device;
  }
  void TearDown() override {
    mon_.reset();
    accounts_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  accounts::Principal Member(const std::string& name, const std::string& org) {
    auto u = accounts_->AddUser(name, store::Role::kMonitor, "");
    EXPECT_TRUE(u.ok());
    EXPECT_TRUE(mon_->AddMember(admin_, u->user.id, org).ok());
    accounts::Principal p;
    p.user = u->user;
    return p;
  }
  std::string Incident(const std::string& uuid, const std::string& description,
                       const std::string& photo = "", const std::string& deprecated = "",
                       const std::string& occurred_on = "2026-01-05") {
    return "<data xmlns:orx=\"http://openrosa.org/xforms\" id=\"openkp_incident\" "
           "orx:version=\"" +
           FindForm("openkp_incident")->version +
           "\"><category>child_labour</category><occurred_on>" + occurred_on +
           "</occurred_on>"
           "<participant>ZW</participant><location>-19.966 32.3 0 0</location>"
           "<description>" +
           description +
           "</description><restricted>no</restricted><reporter_name>Ms X"
           "</reporter_name><photo>" +
           photo + "</photo><meta><instanceID>" + uuid + "</instanceID><deprecatedID>" +
           deprecated + "</deprecatedID></meta></data>";
  }

  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Monitor> mon_;
  std::unique_ptr<accounts::Accounts> accounts_;
  accounts::Principal admin_, member_, other_, verifier_;
  Device device_;
};

// Two servers on one database (two Monitor objects, the same secret): a Digest answer used on
// one is refused by the other too, where they share the database (PostgreSQL). On SQLite one
// server serves a database, and each process remembers its own.
TEST_P(MonitorService, DigestAnswersAreRefusedOnEveryServerOnceUsed) {
  auto second_store = NewMonitorStore(*db_);
  ASSERT_TRUE(second_store.ok());
  Monitor second(*db_, std::move(*second_store), MonitorOptions{"secret"});
  const int64_t now = 1'800'000'000;
  const std::string challenge = mon_->digest().Challenge(now);
  const size_t at = challenge.find("nonce=\"") + 7;
  DigestCredentials c;
  c.username = device_.username;
  c.nonce = challenge.substr(at, challenge.find('"', at) - at);
  c.nc = "00000001";
  EXPECT_FALSE(mon_->DigestCountUsed(c));
  EXPECT_TRUE(mon_->UseDigestCount(c, now));
  EXPECT_FALSE(mon_->UseDigestCount(c, now));  // a replay to the same server
  EXPECT_TRUE(mon_->DigestCountUsed(c));
  const bool shared = GetParam() == "postgresql";
  EXPECT_EQ(second.DigestCountUsed(c), shared);
  EXPECT_EQ(second.UseDigestCount(c, now), !shared);  // a replay to another server
  c.nc = "00000002";
  EXPECT_TRUE(second.UseDigestCount(c, now + 1));  // the next count is good on any server
  if (shared) {
    EXPECT_FALSE(mon_->UseDigestCount(c, now + 1));
  }
}

TEST_P(MonitorService, SubmissionsAreAppendOnlyAndSplitUploadsMerge) {
  const std::string xml = Incident("uuid:1", "Children at the washing site", "p.jpg");
  std::string photo(100000, 'j');
  photo[7] = '\0';  // bytes, not text: they must come back as sent
  photo[8] = '\xff';
  const std::string body = xml + photo;
  StringSource src(body);
  Submission first{xml, {}, true, &src};
  auto got = mon_->Submit(device_, first);
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_TRUE(got->created);
  EXPECT_EQ(got->missing, std::vector<std::string>{"p.jpg"});
  // The second request of a split upload: the same XML and the photo.
  Submission second{xml, {{"p.jpg", "image/jpeg", xml.size(), photo.size()}}, false, &src};
  auto more = mon_->Submit(device_, second);
  ASSERT_TRUE(more.ok()) << more.status().message();
  EXPECT_FALSE(more->created);
  EXPECT_EQ(more->report_id, got->report_id);
  EXPECT_EQ(more->added, std::vector<std::string>{"p.jpg"});
  EXPECT_TRUE(more->missing.empty());
  // A resend is harmless; a different XML under the same instanceID is refused.
  EXPECT_TRUE(mon_->Submit(device_, second).ok());
  Submission changed{Incident("uuid:1", "Altered text", "p.jpg"), {}, false, &src};
  auto refused = mon_->Submit(device_, changed);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), core::Code::kAlreadyExists);
  // A file not named by the instance, and a path in a file name.
  Submission stray{Incident("uuid:2", "x"), {{"q.jpg", "", 0, 10}}, false, &src};
  EXPECT_EQ(mon_->Submit(device_, stray).status().code(), core::Code::kInvalidArgument);
  Submission path{Incident("uuid:3", "x", "../p.jpg"), {{"../p.jpg", "", 0, 10}}, false, &src};
  EXPECT_EQ(mon_->Submit(device_, path).status().code(), core::Code::kInvalidArgument);
  // Nothing of the refused ones was stored.
  auto all = mon_->Reports(&verifier_, {});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].description, "Children at the washing site");
  EXPECT_EQ((*all)[0].attachments.size(), 1u);
  EXPECT_EQ((*all)[0].attachments[0].sha256, crypto::Sha256Hex(photo));
  auto stored = mon_->GetAttachment(member_, got->report_id, "p.jpg");
  ASSERT_TRUE(stored.ok()) << stored.status().message();
  EXPECT_EQ(stored->second, photo);
  EXPECT_EQ(stored->first.size, static_cast<int64_t>(photo.size()));
  auto sent = mon_->GetXml(verifier_, got->report_id);
  ASSERT_TRUE(sent.ok()) << sent.status().message();
  EXPECT_EQ(*sent, xml);
  // The database itself refuses to alter or delete evidence (each backend by its own means).
  if (GetParam() == "sqlite") {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "t.db").string().c_str(), &raw), SQLITE_OK);
    EXPECT_NE(sqlite3_exec(raw, "UPDATE monitor_reports SET description = 'x'", nullptr, nullptr,
                           nullptr),
              SQLITE_OK);
    EXPECT_NE(sqlite3_exec(raw, "DELETE FROM monitor_attachments", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  if (GetParam() == "postgresql") {
    // 23000: integrity_constraint_violation, raised by the triggers.
    EXPECT_EQ(testing::PostgresSqlState(url_, "UPDATE monitor_reports SET description = 'x'"),
              "23000");
    EXPECT_EQ(testing::PostgresSqlState(url_, "DELETE FROM monitor_attachments"), "23000");
    EXPECT_EQ(testing::PostgresSqlState(url_, "UPDATE monitor_report_status SET reason = 'x'"),
              "23000");
    EXPECT_EQ(testing::PostgresSqlState(url_, "DELETE FROM monitor_reporters"), "23000");
    // TRUNCATE skips row triggers; statement triggers refuse it.
    EXPECT_EQ(testing::PostgresSqlState(url_, "TRUNCATE monitor_attachments"), "23000");
    EXPECT_EQ(testing::PostgresSqlState(url_, "TRUNCATE monitor_reports CASCADE"), "23000");
  }
  auto after = mon_->Reports(&verifier_, {});
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].description, "Children at the washing site");
  EXPECT_EQ((*after)[0].attachments.size(), 1u);
}

// A SQLite deployment keeps attachments as files beside its database (each byte written once):
// the row names the file, which is read back only if it is still the file received. Rows of
// before (bytes in the database) are read as they were.
TEST_P(MonitorService, AttachmentFilesAreWrittenOnceAndChecked) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "PostgreSQL keeps the bytes in the database";
  std::string photo(70000, 'k');
  photo[3] = '\0';
  const std::string old_xml = Incident("uuid:7", "Kept in the database", "a.jpg");
  const std::string old_body = old_xml + photo;
  StringSource old_src(old_body);
  ASSERT_TRUE(mon_->Submit(device_,
                           {old_xml, {{"a.jpg", "", old_xml.size(), photo.size()}}, true, &old_src})
                  .ok());
  const std::string files = (dir_ / "attachments").string();
  auto file_store = NewMonitorStore(*db_, files);
  ASSERT_TRUE(file_store.ok());
  mon_ = std::make_unique<Monitor>(*db_, std::move(*file_store), MonitorOptions{"secret"});
  photo[5] = 'z';  // other bytes
  const std::string xml = Incident("uuid:8", "Kept as a file", "b.jpg");
  const std::string body = xml + photo;
  StringSource src(body);
  auto got = mon_->Submit(device_, {xml, {{"b.jpg", "", xml.size(), photo.size()}}, true, &src});
  ASSERT_TRUE(got.ok()) << got.status().message();
  const std::string path = AttachmentFilePath(files, crypto::Sha256Hex(photo));
  auto on_disk = ReadRange(*std::make_unique<FileSource>(path, photo.size()), 0, photo.size());
  ASSERT_TRUE(on_disk.ok()) << path;
  EXPECT_EQ(*on_disk, photo);
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "t.db").string().c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw,
                               "SELECT name, length(data), in_file FROM monitor_attachments "
                               "ORDER BY id",
                               -1, &q, nullptr),
            SQLITE_OK);
  std::vector<std::string> rows;
  while (sqlite3_step(q) == SQLITE_ROW) {
    rows.push_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(q, 0))) + " " +
                   std::to_string(sqlite3_column_int64(q, 1)) + " " +
                   std::to_string(sqlite3_column_int64(q, 2)));
  }
  sqlite3_finalize(q);
  sqlite3_close(raw);
  EXPECT_EQ(rows, (std::vector<std::string>{"a.jpg 70000 0", "b.jpg 0 1"}));
  // Both read back as received; a resend of the same bytes changes nothing.
  auto old_one = mon_->Reports(&verifier_, {});
  ASSERT_TRUE(old_one.ok());
  ASSERT_EQ(old_one->size(), 2u);
  EXPECT_EQ(mon_->GetAttachment(member_, got->report_id, "b.jpg")->second, photo);
  EXPECT_TRUE(
      mon_->Submit(device_, {xml, {{"b.jpg", "", xml.size(), photo.size()}}, false, &src}).ok());
  for (const auto& r : *old_one) {
    if (r.id == got->report_id) continue;
    auto kept = mon_->GetAttachment(member_, r.id, "a.jpg");
    ASSERT_TRUE(kept.ok()) << kept.status().message();
    EXPECT_EQ(kept->second.size(), photo.size());
  }
  EXPECT_EQ(*mon_->CheckAttachments(), 2);  // both kinds read back (a restore's proof)
  // A file altered or removed on the disk is reported, never served.
  {
    std::FILE* f = std::fopen(path.c_str(), "r+b");
    ASSERT_NE(f, nullptr);
    std::fputc('X', f);
    std::fclose(f);
  }
  auto altered = mon_->GetAttachment(member_, got->report_id, "b.jpg");
  EXPECT_EQ(altered.status().code(), core::Code::kInternal);
  EXPECT_NE(altered.status().message().find("not the file received"), std::string::npos);
  EXPECT_NE(mon_->CheckAttachments().status().message().find("not the file received"),
            std::string::npos);
  std::filesystem::remove(path);
  auto missing = mon_->GetAttachment(member_, got->report_id, "b.jpg");
  EXPECT_NE(missing.status().message().find("is missing"), std::string::npos);
}

TEST_P(MonitorService, CorrectionsAreNewVersions) {
  StringSource none("");
  auto a = mon_->Submit(device_, {Incident("uuid:a", "first"), {}, false, &none});
  ASSERT_TRUE(a.ok());
  auto b = mon_->Submit(device_, {Incident("uuid:b", "corrected", "", "uuid:a"), {}, false, &none});
  ASSERT_TRUE(b.ok()) << b.status().message();
  auto old = mon_->GetReport(&member_, a->report_id);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->description, "first");
  EXPECT_EQ(old->superseded_by, "uuid:b");
  // Once both are reviewed, the public sees the latest version only, and risk counts it once.
  ASSERT_TRUE(mon_->ChangeStatus(verifier_, a->report_id, "verified", "ok").ok());
  ASSERT_TRUE(mon_->ChangeStatus(verifier_, b->report_id, "verified", "ok").ok());
  auto pub = mon_->Reports(nullptr, {});
  ASSERT_TRUE(pub.ok());
  ASSERT_EQ(pub->size(), 1u);
  EXPECT_EQ((*pub)[0].id, b->report_id);
  EXPECT_EQ(mon_->GetReport(nullptr, a->report_id).status().code(), core::Code::kNotFound);
  RiskThresholds t;
  ASSERT_TRUE(SetThreshold(&t, "systematic_min_incidents", 1).ok());
  ASSERT_TRUE(SetThreshold(&t, "widespread_min_months", 1).ok());
  auto flags = mon_->Risk(&verifier_, "ZW", t);
  ASSERT_TRUE(flags.ok());
  ASSERT_FALSE(flags->empty());
  EXPECT_EQ((*flags)[0].incidents, std::vector<int64_t>{b->report_id});
  // A correction must name a report of the same organisation.
  auto other_dev = mon_->AddDevice(other_, "ORG-B", "b phone");
  ASSERT_TRUE(other_dev.ok());
  EXPECT_FALSE(
      mon_->Submit(other_dev->device, {Incident("uuid:c", "x", "", "uuid:a"), {}, false, &none})
          .ok());
}

TEST_P(MonitorService, ListsByStatusAndDay) {
  StringSource none("");
  std::vector<int64_t> id;
  for (const char* on : {"2026-01-05", "2026-02-10", "2026-03-15"}) {
    auto r = mon_->Submit(
        device_, {Incident(std::string("uuid:day-") + on, "seen", "", "", on), {}, false, &none});
    ASSERT_TRUE(r.ok()) << r.status().message();
    id.push_back(r->report_id);
  }
  ASSERT_TRUE(mon_->ChangeStatus(verifier_, id[0], "verified", "two sources").ok());
  ASSERT_TRUE(mon_->ChangeStatus(verifier_, id[1], "verified", "two sources").ok());
  ASSERT_TRUE(mon_->ChangeStatus(verifier_, id[2], "disputed", "one source").ok());
  ASSERT_TRUE(mon_->ChangeStatus(verifier_, id[1], "referred", "to the authority").ok());
  auto ids = [&](const accounts::Principal* who, ReportFilter f) {
    std::vector<int64_t> out;
    auto list = mon_->Reports(who, f);
    EXPECT_TRUE(list.ok());
    if (list.ok()) {
      for (const auto& r : *list) out.push_back(r.id);
    }
    return out;
  };
  using V = std::vector<int64_t>;
  EXPECT_EQ(ids(&verifier_, {.status = "verified"}), V{id[0]});  // the latest status counts
  EXPECT_EQ(ids(&verifier_, {.status = "referred"}), V{id[1]});
  EXPECT_EQ(ids(&verifier_, {.status = "disputed"}), V{id[2]});
  EXPECT_EQ(ids(&verifier_, {.from = "2026-02-10"}), (V{id[1], id[2]}));
  EXPECT_EQ(ids(&verifier_, {.to = "2026-02-10"}), (V{id[0], id[1]}));
  EXPECT_EQ(ids(&verifier_, {.from = "2026-02-10", .to = "2026-02-10"}), V{id[1]});
  EXPECT_EQ(ids(&verifier_, {.status = "verified", .from = "2026-02-01"}), V{});
  // The public: the filters narrow what it may see, never widen it (a disputed report is not
  // public, whatever the filter).
  EXPECT_EQ(ids(nullptr, {}), (V{id[0], id[1]}));
  EXPECT_EQ(ids(nullptr, {.status = "disputed"}), V{});
  EXPECT_EQ(ids(nullptr, {.from = "2026-02-01"}), V{id[1]});
}

TEST_P(MonitorService, WhoSeesWhat) {
  StringSource none("");
  auto r = mon_->Submit(device_, {Incident("uuid:s", "Named witness saw it"), {}, false, &none});
  ASSERT_TRUE(r.ok());
  // Unreviewed: the public and other organisations see nothing, not even that it exists.
  EXPECT_EQ(mon_->GetReport(nullptr, r->report_id).status().code(), core::Code::kNotFound);
  EXPECT_EQ(mon_->GetReport(&other_, r->report_id).status().code(), core::Code::kNotFound);
  EXPECT_TRUE(mon_->Reports(nullptr, {})->empty());
  // The organisation sees it exactly; the reporter's identity is for reviewers only.
  auto mine = mon_->GetReport(&member_, r->report_id);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->location->lat_e6, -19966000);
  EXPECT_FALSE(mon_->GetReporter(member_, r->report_id).ok());
  auto who = mon_->GetReporter(verifier_, r->report_id);
  ASSERT_TRUE(who.ok() && who->has_value());
  EXPECT_EQ((*who)->name, "Ms X");
  // Reviewed: public, displaced, without instance ids or reviewers' reasons.
  EXPECT_FALSE(mon_->ChangeStatus(member_, r->report_id, "verified", "x").ok());
  ASSERT_TRUE(mon_->ChangeStatus(verifier_, r->report_id, "verified", "seen by two").ok());
  auto pub = mon_->GetReport(nullptr, r->report_id);
  ASSERT_TRUE(pub.ok());
  EXPECT_TRUE(pub->instance_id.empty());
  EXPECT_NE(pub->location->lat_e6, -19966000);
  auto again = mon_->GetReport(nullptr, r->report_id);
  EXPECT_EQ(again->location->lat_e6, pub->location->lat_e6);  // the same displacement each time
  EXPECT_TRUE(pub->site_code.empty());                        // a site would give the place away
  auto history = mon_->History(nullptr, r->report_id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_TRUE((*history)[1].reason.empty());
  EXPECT_TRUE((*history)[1].actor.empty());
}

TEST_P(MonitorService, RestrictedReportsAndUnreviewedVisitsStayPrivate) {
  StringSource none("");
  std::string xml = Incident("uuid:r", "Never public");
  xml.replace(xml.find("<restricted>no"), 14, "<restricted>yes");
  auto r = mon_->Submit(device_, {xml, {}, false, &none});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_TRUE(mon_->ChangeStatus(verifier_, r->report_id, "verified", "ok").ok());
  EXPECT_EQ(mon_->GetReport(nullptr, r->report_id).status().code(), core::Code::kNotFound);
  EXPECT_TRUE(mon_->Reports(nullptr, {})->empty());
  EXPECT_EQ(mon_->Reports(&member_, {})->size(), 1u);
  // A site registered exactly; the public copy is displaced with a secret seed (not one
  // anyone could compute from the public code), the same each time.
  Site site;
  site.code = "ZW-T-1";
  site.name = "Test";
  site.participant = "ZW";
  site.type = "artisanal";
  site.location = GeoPoint{-19966000, 32300000};
  ASSERT_TRUE(mon_->RegisterSite(member_, site).ok());
  auto pub = mon_->GetSite(nullptr, "ZW-T-1");
  ASSERT_TRUE(pub.ok());
  EXPECT_NE(pub->location->lat_e6, -19966000);
  const GeoPoint guessed = Displace(*site.location, "site:ZW-T-1", 5000);
  EXPECT_FALSE(guessed.lat_e6 == pub->location->lat_e6 && guessed.lon_e6 == pub->location->lon_e6);
  EXPECT_EQ(mon_->GetSite(nullptr, "ZW-T-1")->location->lat_e6, pub->location->lat_e6);
  // Exact for monitors, verifiers and admins; every other signed-in role (an authority's
  // officer, an analyst) sees the public point, whichever route or composition asks.
  EXPECT_EQ(mon_->GetSite(&member_, "ZW-T-1")->location->lat_e6, -19966000);
  EXPECT_EQ(mon_->GetSite(&verifier_, "ZW-T-1")->location->lat_e6, -19966000);
  for (const store::Role role : {store::Role::kOfficer, store::Role::kAnalyst}) {
    accounts::Principal other;
    other.user.role = role;
    other.user.participant = "ZW";
    EXPECT_EQ(mon_->GetSite(&other, "ZW-T-1")->location->lat_e6, pub->location->lat_e6);
    auto sites = mon_->Sites(&other, "ZW");
    ASSERT_TRUE(sites.ok());
    for (const auto& listed : *sites) {
      if (listed.code == "ZW-T-1") {
        EXPECT_EQ(listed.location->lat_e6, pub->location->lat_e6);
      }
    }
  }
  // Reports placed at the site show the site's public point: many of them cannot be averaged.
  for (const char* uuid : {"uuid:s1", "uuid:s2"}) {
    std::string at = Incident(uuid, "At the site");
    at.replace(at.find("<location>"), at.find("</location>") + 11 - at.find("<location>"),
               "<site_code>ZW-T-1</site_code>");
    auto r = mon_->Submit(device_, {at, {}, false, &none});
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_TRUE(mon_->ChangeStatus(verifier_, r->report_id, "verified", "ok").ok());
    auto seen = mon_->GetReport(nullptr, r->report_id);
    ASSERT_TRUE(seen.ok());
    EXPECT_EQ(seen->location->lat_e6, pub->location->lat_e6);
    EXPECT_EQ(seen->location->lon_e6, pub->location->lon_e6);
  }
  // A site-visit submission: its visit is public only once reviewed, and never its notes.
  const std::string visit =
      "<data xmlns:orx=\"http://openrosa.org/xforms\" id=\"openkp_site_visit\" orx:version=\"" +
      FindForm("openkp_site_visit")->version +
      "\"><site_code>ZW-T-1</site_code><visited_on>2026-01-04</visited_on><notes>Informant "
      "named X</notes><meta><instanceID>uuid:v1</instanceID></meta></data>";
  auto v = mon_->Submit(device_, {visit, {}, false, &none});
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_TRUE(mon_->Visits(nullptr, "ZW-T-1")->empty());
  EXPECT_TRUE(mon_->Visits(&other_, "ZW-T-1")->empty());
  ASSERT_EQ(mon_->Visits(&member_, "ZW-T-1")->size(), 1u);
  EXPECT_EQ((*mon_->Visits(&member_, "ZW-T-1"))[0].notes, "Informant named X");
  ASSERT_TRUE(mon_->ChangeStatus(verifier_, v->report_id, "verified", "ok").ok());
  auto seen = mon_->Visits(nullptr, "ZW-T-1");
  ASSERT_EQ(seen->size(), 1u);
  EXPECT_TRUE((*seen)[0].notes.empty());
}

TEST_P(MonitorService, WrongFormOrVersionStoresNothing) {
  StringSource none("");
  std::string xml = Incident("uuid:v", "x");
  std::string wrong_version = xml;
  wrong_version.replace(wrong_version.find("orx:version=\"") + 13, 3, "000");
  EXPECT_EQ(mon_->Submit(device_, {wrong_version, {}, false, &none}).status().code(),
            core::Code::kInvalidArgument);
  std::string unknown = xml;
  unknown.replace(unknown.find("openkp_incident"), 15, "someone_elses_f");
  EXPECT_EQ(mon_->Submit(device_, {unknown, {}, false, &none}).status().code(),
            core::Code::kNotFound);
  EXPECT_TRUE(mon_->Reports(&verifier_, {})->empty());
}

INSTANTIATE_TEST_SUITE_P(EveryBackend, MonitorService,
                         ::testing::ValuesIn(backends::SchemesFor(Schema())),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace openkp::monitor
