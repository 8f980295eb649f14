#include "core/jcs.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace openkp::core {

std::string Jcs(const char* text) { return *Canonicalize(boost::json::parse(text)); }

TEST(Jcs, SortsMembersAndStripsWhitespace) {
  EXPECT_EQ(Jcs(R"({ "b": 1, "a": [ true, null, "x" ], "c": {"z": 0, "y": -5} })"),
            R"({"a":[true,null,"x"],"b":1,"c":{"y":-5,"z":0}})");
}

TEST(Jcs, EscapesLikeRfc8785) {
  EXPECT_EQ(Jcs(R"({"s":"\u0001\b\t\n\f\r\"\\/é€"})"),
            "{\"s\":\"\\u0001\\b\\t\\n\\f\\r\\\"\\\\/é€\"}");
}

TEST(Jcs, OrdersByUtf16CodeUnits) {
  // RFC 8785 3.2.3: U+FB33 (one unit 0xFB33) sorts after U+1F600 (surrogates 0xD83D...).
  EXPECT_EQ(Jcs(R"({"\ufb33":1,"\ud83d\ude00":2,"a":3})"),
            "{\"a\":3,\"\xF0\x9F\x98\x80\":2,\"\xEF\xAC\xB3\":1}");
}

TEST(Jcs, RejectsNumbersItCannotRenderIdentically) {
  EXPECT_FALSE(Canonicalize(boost::json::parse("1.5")).ok());
  EXPECT_FALSE(Canonicalize(boost::json::parse("9007199254740993")).ok());
  EXPECT_TRUE(Canonicalize(boost::json::parse("9007199254740992")).ok());
}

}  // namespace openkp::core
