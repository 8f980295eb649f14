// What community monitoring stores: organisations and their devices, mining sites and visits
// (the IPIS model), incident reports with their attachments and status history.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace openkp::monitor {

// Coordinates in exact integers: millionths of a degree (about 0.11 m), never floating point
// in storage.
struct GeoPoint {
  int64_t lat_e6 = 0;
  int64_t lon_e6 = 0;
};

struct Organisation {
  std::string code;  // "CNRG-ZW": letters, digits and '-', 2 to 32
  std::string name;
  std::string created_at;
};

// A phone's pseudonymous credential: reports carry the device, never a person.
struct Device {
  int64_t id = 0;
  std::string username;  // "dev-<random>": says nothing about its holder
  std::string organisation;
  std::string label;  // the organisation's own note ("Marange team phone 2")
  std::string created_at;
  std::string revoked_at;  // "" while it may submit
};

struct Site {
  int64_t id = 0;
  std::string code;  // the pcode, unique
  std::string name;
  std::string participant;  // KP participant (ISO code) where the site is
  std::string area;         // district / province
  std::optional<GeoPoint> location;
  std::string type;                   // industrial, artisanal, alluvial
  std::vector<std::string> minerals;  // diamond, gold, ...
  std::string operator_name;
  std::optional<int64_t> workers;
  // none, armed_group, public_security, private_security; and what they do there.
  std::string armed_presence = "none";
  std::vector<std::string> armed_roles;  // digging, forced_labour, pillaging, taxation, roadblocks
  std::string child_labour = "unknown";  // yes, no, unknown
  std::string source;                    // who documented it ("IPIS 2024", "CNRG field visit")
  std::string organisation;              // that registered it
  std::string created_at;
};

struct Visit {
  int64_t id = 0;
  std::string site_code;
  std::string visited_on;  // YYYY-MM-DD
  std::optional<int64_t> workers;
  std::vector<std::string> minerals;
  std::string armed_presence = "none";
  std::vector<std::string> armed_roles;
  std::string child_labour = "unknown";
  std::string mercury = "unknown";
  std::string notes;
  std::string organisation;
  int64_t report_id = 0;  // the site-visit submission it came from, 0 for none
  std::string created_at;
};

struct Attachment {
  int64_t id = 0;
  std::string name;  // as the client named it ("1701234567.jpg")
  std::string content_type;
  int64_t size = 0;
  std::string sha256;  // hex, of the bytes as received
  std::string received_at;
};

// One status of a report's review, appended with who set it and why.
struct StatusChange {
  std::string status;  // received, verified, disputed, referred, answered, resolved
  std::string actor;
  std::string reason;
  std::string at;
};

// A received submission: the XML exactly as sent, and the fields openkp reads from it.
struct Report {
  int64_t id = 0;
  std::string instance_id;  // meta/instanceID, unique
  std::string form_id;
  std::string form_version;
  std::string organisation;
  int64_t device_id = 0;      // 0 when filed through the JSON API
  int64_t user_id = 0;        // 0 when sent from a device
  std::string deprecated_id;  // the instance this one corrects ("" for none)
  bool encrypted = false;
  std::string xml_sha256;
  int64_t xml_size = 0;
  std::string received_at;
  // Read from the instance (empty for an encrypted one).
  std::string category;
  std::string occurred_on;  // YYYY-MM-DD
  std::string participant;
  std::string area;
  std::string site_code;
  std::optional<GeoPoint> location;  // exact: only ever shown to the organisation and reviewers
  std::string description;
  std::optional<int64_t> people_affected;
  bool restricted = false;         // the reporter asked that it never be public
  bool text_restricted = false;    // the description stays out of public views
  std::vector<std::string> media;  // attachment names the instance refers to
  // Filled when read: the latest status and the attachments received so far.
  std::string status = "received";
  std::vector<Attachment> attachments;
  std::string superseded_by;  // instanceID of a correction, "" when none
};

// A reporter's identity, when given: stored apart from the report, read by reviewers only.
struct Reporter {
  std::string name;
  std::string contact;
};

}  // namespace openkp::monitor
