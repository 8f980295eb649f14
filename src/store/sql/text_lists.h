// Lists of strings kept in one TEXT column as a JSON array (["diamond","gold"]): how domain
// stores keep short lists without a table of their own, on every SQL backend.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

namespace openkp::store::sql {

inline std::string JoinTextList(const std::vector<std::string>& v) {
  boost::json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return boost::json::serialize(a);
}

// The strings of a column written by JoinTextList; other JSON (or none) reads as empty.
inline std::vector<std::string> SplitTextList(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    if (e.is_string()) out.emplace_back(e.as_string());
  }
  return out;
}

// Integers (ids) the same way: [4,12].
inline std::string JoinIntList(const std::vector<int64_t>& v) {
  boost::json::array a;
  for (int64_t i : v) a.emplace_back(i);
  return boost::json::serialize(a);
}

// The integers of a column written by JoinIntList; anything else reads as nothing.
inline std::vector<int64_t> SplitIntList(const std::string& text) {
  std::vector<int64_t> out;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    if (e.is_int64()) out.push_back(e.as_int64());
  }
  return out;
}

}  // namespace openkp::store::sql
