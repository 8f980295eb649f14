#include "core/text.h"

#include <gtest/gtest.h>

namespace openkp::core {
namespace {

TEST(UnsafeTextReason, AcceptsPlainTextInAnyScript) {
  for (const char* ok : {"Antwerp Rough NV", "Société Minière de Bakwanga", "Плот 63",
                         "مؤسسة الماس", "鑽石 😀", "Plot 63, Gaborone"}) {
    EXPECT_EQ(UnsafeTextReason(ok), std::nullopt) << ok;
  }
}

TEST(UnsafeTextReason, RefusesBidiAndInvisibleCharactersAndBadUtf8) {
  struct Case {
    const char* text;
    const char* names;
  };
  for (const Case& c :
       {Case{"Antwerp \u202Ecod", "U+202E"}, Case{"a\u2066b", "U+2066"}, Case{"a\u200Fb", "U+200F"},
        Case{"a\u061Cb", "U+061C"}, Case{"a\u200Bb", "U+200B"}, Case{"\uFEFFname", "U+FEFF"},
        Case{"a\u0085b", "U+0085"}, Case{"a\nb", "U+000A"}}) {
    auto why = UnsafeTextReason(c.text);
    ASSERT_TRUE(why.has_value()) << c.text;
    EXPECT_NE(why->find(c.names), std::string::npos) << *why;
  }
  for (std::string bad : {std::string("\xC3"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80"),
                          std::string("\xF8\x88\x80\x80\x80"), std::string("a\x80")}) {
    EXPECT_EQ(UnsafeTextReason(bad), "is not valid UTF-8");
  }
}

}  // namespace
}  // namespace openkp::core
