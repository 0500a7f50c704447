// Tests of comment cleaning: UTF-8 validation, control characters, whitespace, the length limit,
// masking of personal data, and hostile input that must neither crash nor take long.
#include "hymy/comment.hpp"

#include <gtest/gtest.h>

#include <string>

#include "hymy/model.hpp"
#include "hymy/personal_data.hpp"

namespace hymy {
namespace {

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// ---------------------------------------------------------------------------------------------
// UTF-8

TEST(CommentUtf8, AcceptsValidText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("Kiitos!"));
  EXPECT_TRUE(is_valid_utf8("Hyvää päivää, åäö ÅÄÖ"));
  EXPECT_TRUE(is_valid_utf8("\xE2\x82\xAC"));          // U+20AC euro sign
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));      // U+1F600 emoji
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF, the last code point
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));          // U+D7FF, just below the surrogates
  EXPECT_TRUE(is_valid_utf8("\xEE\x80\x80"));          // U+E000, just above them
  EXPECT_TRUE(is_valid_utf8(std::string_view("a\0b", 3)));  // NUL is valid UTF-8
}

TEST(CommentUtf8, RejectsOverlongForms) {
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // '/' in two bytes
  EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // '/' in three bytes
  EXPECT_FALSE(is_valid_utf8("\xE0\x9F\xBF"));      // U+07FF in three bytes
  EXPECT_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));  // '/' in four bytes
  EXPECT_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));  // U+FFFF in four bytes
}

TEST(CommentUtf8, RejectsSurrogatesAndBeyondUnicode) {
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // U+D800
  EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));      // U+DFFF
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\xBD\xED\xB8\x80"));  // CESU-8 style surrogate pair
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xFF"));
  EXPECT_FALSE(is_valid_utf8("\xFE"));
}

TEST(CommentUtf8, RejectsTruncatedAndStraySequences) {
  EXPECT_FALSE(is_valid_utf8("\xC3"));               // "ä" cut after its first byte
  EXPECT_FALSE(is_valid_utf8("abc\xE2\x82"));        // euro cut short at the end
  EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98"));       // emoji cut short
  EXPECT_FALSE(is_valid_utf8("\xE2\x82x"));          // ASCII where a continuation belongs
  EXPECT_FALSE(is_valid_utf8("\x80"));               // lone continuation byte
  EXPECT_FALSE(is_valid_utf8("a\xBF" "b"));
  EXPECT_FALSE(is_valid_utf8("\xC3\xA4\xA4"));       // one continuation too many
}

TEST(CommentUtf8, LengthCountsCodePointsNotBytes) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("äö"), 2u);
  EXPECT_EQ(utf8_length("\xE2\x82\xAC\xF0\x9F\x98\x80"), 2u);
}

// ---------------------------------------------------------------------------------------------
// clean_comment

TEST(CommentClean, KeepsOrdinaryText) {
  const auto c = clean_comment("Ystävällinen palvelu, kiitos!");
  ASSERT_TRUE(c.ok()) << c.error;
  ASSERT_TRUE(c.text.has_value());
  EXPECT_EQ(*c.text, "Ystävällinen palvelu, kiitos!");
}

TEST(CommentClean, EmptyAndBlankGiveNoText) {
  for (const char* raw : {"", " ", "\n\t  \r\n", "\x01\x02\x7F"}) {
    const auto c = clean_comment(raw);
    EXPECT_TRUE(c.ok()) << c.error;
    EXPECT_FALSE(c.text.has_value()) << "input: " << raw;
  }
}

TEST(CommentClean, NewlinesAndTabsBecomeSingleSpaces) {
  const auto c = clean_comment("  Hyvä\n\npalvelu\r\nja\tnopea   jono \n");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.text.value(), "Hyvä palvelu ja nopea jono");
}

TEST(CommentClean, RemovesControlCharacters) {
  // NUL, BEL, ESC (a terminal escape), DEL and the C1 control U+0090 vanish without a trace.
  const std::string raw = std::string("ab\0c", 4) + "\x07" + "d\x1B[31me\x7F" + "f\xC2\x90g";
  const auto c = clean_comment(raw);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.text.value(), "abcd[31mefg");
}

TEST(CommentClean, UnicodeSpacesCollapseAndBidiControlsGo) {
  // No-break space, NEL, line separator, ideographic space; then a right-to-left override.
  const auto c =
      clean_comment("a\xC2\xA0\xC2\x85" "b\xE2\x80\xA8\xE3\x80\x80" "c \xE2\x80\xAE" "d");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.text.value(), "a b c d");
}

TEST(CommentClean, KeepsEmojiWithJoiners) {
  const std::string family = "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9";  // man ZWJ woman
  const auto c = clean_comment("Kiitos " + family);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.text.value(), "Kiitos " + family);
}

TEST(CommentClean, RefusesInvalidUtf8NamingTheByte) {
  const auto c = clean_comment("Hyv\xC3\xA4\xC3");  // "Hyvä" then a truncated sequence at byte 5
  EXPECT_FALSE(c.ok());
  EXPECT_FALSE(c.text.has_value());
  EXPECT_NE(c.error.find("UTF-8"), std::string::npos) << c.error;
  EXPECT_NE(c.error.find("byte 5"), std::string::npos) << c.error;
  EXPECT_NE(c.error.find("0xC3"), std::string::npos) << c.error;
}

TEST(CommentClean, RefusesEveryKindOfInvalidSequence) {
  for (const char* bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\x80", "\xFF",
                          "x\xE2\x82"}) {
    const auto c = clean_comment(bad);
    EXPECT_FALSE(c.ok()) << "accepted: " << bad;
    EXPECT_FALSE(c.text.has_value());
  }
}

TEST(CommentClean, AcceptsExactlyTheLimit) {
  const auto c = clean_comment(repeat("ä", kMaxCommentChars));
  ASSERT_TRUE(c.ok()) << c.error;
  EXPECT_EQ(utf8_length(c.text.value()), kMaxCommentChars);
}

TEST(CommentClean, RefusesOneOverTheLimitWithTheCount) {
  // 501 two-byte characters: 1002 bytes, but the limit counts characters.
  const auto c = clean_comment(repeat("ä", kMaxCommentChars + 1));
  EXPECT_FALSE(c.ok());
  EXPECT_FALSE(c.text.has_value());
  EXPECT_NE(c.error.find("501"), std::string::npos) << c.error;
  EXPECT_NE(c.error.find("500"), std::string::npos) << c.error;
}

TEST(CommentClean, MasksPersonalDataAfterCleaning) {
  // The newline inside the number is cleaned to a space first, so the number is still found.
  const auto c =
      clean_comment("Soittakaa 040\n123 4567 tai matti@example.fi\x07, hetu 131052-308T");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.text.value(), "Soittakaa [phone] tai [email], hetu [hetu]");
}

TEST(CommentClean, IsIdempotent) {
  // HQ cleans what the tablet already cleaned; the second pass must change nothing.
  const std::string raw = "  Hei!\tSoita 0401234567,\x01 posti a.b@c.fi \xE2\x80\xAE ok  ";
  const auto once = clean_comment(raw);
  ASSERT_TRUE(once.ok());
  const auto twice = clean_comment(once.text.value());
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice.text, once.text);
}

TEST(CommentClean, ShortAddressesCannotPushTheTextOverTheLimit) {
  // "a@b.fi" (6) becomes "[email]" (7): the stored text must still be within the limit.
  const std::string raw = repeat("x", kMaxCommentChars - 7) + " a@b.fi";
  ASSERT_EQ(utf8_length(raw), kMaxCommentChars);
  const auto c = clean_comment(raw);
  EXPECT_FALSE(c.ok());
  EXPECT_NE(c.error.find("501"), std::string::npos) << c.error;
}

// ---------------------------------------------------------------------------------------------
// mask_personal_data: henkilötunnus

TEST(CommentMaskHetu, MasksValidCodesOfEveryCentury) {
  EXPECT_EQ(mask_personal_data("131052-308T"), "[hetu]");
  EXPECT_EQ(mask_personal_data("Hetu 010101A123N."), "Hetu [hetu].");
  EXPECT_EQ(mask_personal_data("020202+123X"), "[hetu]");
  for (const char sign : std::string("-YXWVUABCDEF")) {
    std::string code = "150688";
    code += sign;
    code += "123K";
    EXPECT_EQ(mask_personal_data("(" + code + ")"), "([hetu])") << code;
  }
}

TEST(CommentMaskHetu, MasksEvenWithAWrongCheckCharacterOrLowerCase) {
  EXPECT_EQ(mask_personal_data("131052-308A"), "[hetu]");  // right one is T
  EXPECT_EQ(mask_personal_data("131052a308t"), "[hetu]");
}

TEST(CommentMaskHetu, LeavesImplausibleDatesAlone) {
  EXPECT_EQ(mask_personal_data("321052-308T"), "321052-308T");  // day 32
  EXPECT_EQ(mask_personal_data("001052A308T"), "001052A308T");  // day 0
  EXPECT_EQ(mask_personal_data("311152-308T"), "311152-308T");  // 31 November
  EXPECT_EQ(mask_personal_data("131352-308T"), "131352-308T");  // month 13
  EXPECT_EQ(mask_personal_data("310452-308T"), "310452-308T");  // 31 April
  EXPECT_EQ(mask_personal_data("290201-123A"), "290201-123A");  // 1901 was not a leap year
  EXPECT_EQ(mask_personal_data("290200A123A"), "[hetu]");       // 2000 was
}

TEST(CommentMaskHetu, NeedsTheWholeShape) {
  EXPECT_EQ(mask_personal_data("131052G308T"), "131052G308T");   // G is no century sign
  EXPECT_EQ(mask_personal_data("131052-308G"), "131052-308G");   // G is no check character
  EXPECT_EQ(mask_personal_data("131052-30T"), "131052-30T");     // too short
  EXPECT_EQ(mask_personal_data("9131052-308T"), "9131052-308T"); // part of a longer number
  EXPECT_EQ(mask_personal_data("131052-308TT"), "131052-308TT");
}

// ---------------------------------------------------------------------------------------------
// mask_personal_data: phone numbers

TEST(CommentMaskPhone, MasksFinnishAndInternationalFormats) {
  EXPECT_EQ(mask_personal_data("040 123 4567"), "[phone]");
  EXPECT_EQ(mask_personal_data("040-1234567"), "[phone]");
  EXPECT_EQ(mask_personal_data("0401234567"), "[phone]");
  EXPECT_EQ(mask_personal_data("(09) 123 4567"), "[phone]");
  EXPECT_EQ(mask_personal_data("+358 40 123 4567"), "[phone]");
  EXPECT_EQ(mask_personal_data("+358401234567"), "[phone]");
  EXPECT_EQ(mask_personal_data("+358 (0)40 123 4567"), "[phone]");
  EXPECT_EQ(mask_personal_data("+44 20 7946 0958"), "[phone]");
  EXPECT_EQ(mask_personal_data("00358 40 123 4567"), "[phone]");
  EXPECT_EQ(mask_personal_data("09-123 4567"), "[phone]");
}

TEST(CommentMaskPhone, MasksInsideSentences) {
  EXPECT_EQ(mask_personal_data("Soita minulle: 040 123 4567, kiitos."),
            "Soita minulle: [phone], kiitos.");
  EXPECT_EQ(mask_personal_data("puh.0401234567"), "puh.[phone]");
  EXPECT_EQ(mask_personal_data("Soitin 040 123 4567 2 kertaa"), "Soitin [phone] 2 kertaa");
  EXPECT_EQ(mask_personal_data("a 0401234567 b 0501234567"), "a [phone] b [phone]");
}

TEST(CommentMaskPhone, LeavesOrdinaryNumbersAlone) {
  for (const char* text :
       {"Odotin 2 hours", "room 12", "vuonna 2024", "12.3.2024", "klo 07:00-20:00",
        "3 tuntia 45 min", "huone 0123", "2024-03-12", "03-04-2024", "1 000 000 euroa",
        "arvosana 4/4", "hinta 0,50 e", "050 123", "1234567", "3.0401234567",
        "0123456789012345678"}) {
    EXPECT_EQ(mask_personal_data(text), text);
  }
}

// ---------------------------------------------------------------------------------------------
// mask_personal_data: e-mail

TEST(CommentMaskEmail, MasksAddresses) {
  EXPECT_EQ(mask_personal_data("matti.meikalainen@example.com"), "[email]");
  EXPECT_EQ(mask_personal_data("Kirjoita: first+tag@sub.example.fi."), "Kirjoita: [email].");
  EXPECT_EQ(mask_personal_data("<a_b-c@x-y.org>"), "<[email]>");
  EXPECT_EQ(mask_personal_data("käyttäjä@esimerkki.fi"), "[email]");
  EXPECT_EQ(mask_personal_data("0401234567@sms.example.fi"), "[email]");
}

TEST(CommentMaskEmail, LeavesNonAddressesAlone) {
  for (const char* text : {"@kahvila", "x @ y.fi", "mail@", "@@", "a@.fi",
                           "me at home", "we waited at reception.The nurse",
                           "look at www.kela.fi", "info at kela.xyz"}) {
    EXPECT_EQ(mask_personal_data(text), text);
  }
}

TEST(CommentMask, IsIdempotentAndLeavesUtf8Intact) {
  const std::string text = "Äiti 131052-308T soitti 040 123 4567 ja äö@åä.fi ööö";
  const std::string once = mask_personal_data(text);
  EXPECT_EQ(once, "Äiti [hetu] soitti [phone] ja [email] ööö");
  EXPECT_EQ(mask_personal_data(once), once);
  EXPECT_TRUE(is_valid_utf8(once));
}

TEST(CommentMask, SpelledOutFormsAreIdempotentToo) {
  for (const char* text :
       {"matti (at) example dot fi 040 - 123 4567", "a(at)b(at)c.fi", "x at y at z.fi",
        "hetu131052 308T358401234567", "01 02 2024 040.123.4567 maija@gmail.com",
        "pekka@gmail (at) foo.fi", "040/123 4567/050 765 4321"}) {
    const std::string once = mask_personal_data(text);
    EXPECT_EQ(mask_personal_data(once), once) << text;
  }
}

// ---------------------------------------------------------------------------------------------
// The classes that leaked or were damaged on the field corpus (issue 13), one test each.

TEST(CommentMaskHetu, MasksCodesWrittenWithASpaceOrAnyDash) {
  EXPECT_EQ(mask_personal_data("hetu 131052 308T"), "hetu [hetu]");
  EXPECT_EQ(mask_personal_data("hetu 131052\u2013308T"), "hetu [hetu]");  // en dash
  EXPECT_EQ(mask_personal_data("hetu 131052\u2011308T"), "hetu [hetu]");  // non-breaking hyphen
  EXPECT_EQ(mask_personal_data("131052 - 308T"), "[hetu]");
  EXPECT_EQ(mask_personal_data("321052 308T"), "321052 308T");  // day 32 in any century
}

TEST(CommentMaskHetu, MasksCodesGluedToAWord) {
  EXPECT_EQ(mask_personal_data("hetu131052-308T"), "hetu[hetu]");
  EXPECT_EQ(mask_personal_data("Henkilötunnus:010101A123N"), "Henkilötunnus:[hetu]");
}

TEST(CommentMaskPhone, MasksDotsSlashesAndSpacedDashes) {
  EXPECT_EQ(mask_personal_data("puh 040.123.4567"), "puh [phone]");
  EXPECT_EQ(mask_personal_data("puh 040/123 4567"), "puh [phone]");
  EXPECT_EQ(mask_personal_data("puh 09/1234567"), "puh [phone]");
  EXPECT_EQ(mask_personal_data("puh 040 - 123 4567"), "puh [phone]");
  EXPECT_EQ(mask_personal_data("puh 040 \u2013 123 4567"), "puh [phone]");
}

TEST(CommentMaskPhone, MasksTheCountryCodeWithoutItsPlus) {
  EXPECT_EQ(mask_personal_data("tel 358 40 123 4567"), "tel [phone]");
  EXPECT_EQ(mask_personal_data("tel 358401234567"), "tel [phone]");
  EXPECT_EQ(mask_personal_data("358 euroa"), "358 euroa");
  EXPECT_EQ(mask_personal_data("3581 kpl"), "3581 kpl");
}

TEST(CommentMaskEmail, MasksSpelledOutAtSigns) {
  EXPECT_EQ(mask_personal_data("matti(at)example.fi"), "[email]");
  EXPECT_EQ(mask_personal_data("matti (at) example.fi"), "[email]");
  EXPECT_EQ(mask_personal_data("matti [at] example [dot] fi"), "[email]");
  EXPECT_EQ(mask_personal_data("mail matti at example.fi"), "mail [email]");
  EXPECT_EQ(mask_personal_data("anna.k at posti dot fi"), "[email]");
}

TEST(CommentMaskEmail, MasksOneLabelDomains) {
  EXPECT_EQ(mask_personal_data("matti@gmail"), "[email]");
  EXPECT_EQ(mask_personal_data("foo@localhost."), "[email].");
  EXPECT_EQ(mask_personal_data("maija(at)hotmail"), "[email]");
}

TEST(CommentMaskPhone, LeavesDatesAndTimeRangesAlone) {
  for (const char* text :
       {"01 02 2024", "03-04-2024 14-16", "01.02.2024 klo 08.30-16.00", "2024-03-12 08.00",
        "05/06/2024", "08.00 - 09.15", "09:30\u201310:00", "01 02 2024 ja 03 04 2024"}) {
    EXPECT_EQ(mask_personal_data(text), text);
  }
  EXPECT_EQ(mask_personal_data("01 02 2024 040 123 4567"), "01 02 2024 [phone]");
}

// ---------------------------------------------------------------------------------------------
// Hostile input: must return promptly with a sensible answer.

class CommentHostile : public ::testing::Test {
 protected:
  // Masking reads each byte a bounded number of times. A scan that backs off and retries reads
  // the 64 KiB inputs below about 32,000 times per byte (seconds); this one stays under the bound.
  static constexpr std::size_t kMaxReadsPerByte = 40;

  void expect_linear(const std::string& raw) {
    const auto c = clean_comment(raw);
    const MaskResult mask = mask_personal_data_counted(raw);
    EXPECT_LE(mask.bytes_read, kMaxReadsPerByte * raw.size() + 64) << raw.substr(0, 40);
    if (c.text) {
      EXPECT_TRUE(is_valid_utf8(*c.text));
    }
    // The shortest match ("a@bc", 4 bytes) becomes a 7-byte placeholder.
    EXPECT_LE(mask.text.size(), raw.size() * 7 / 4 + 7);
  }
  void expect_fast(const std::string& raw) { expect_linear(raw); }
};

TEST_F(CommentHostile, SixtyFourKibOfDigitsDotsAndAtsIsLinear) {
  constexpr std::size_t k64KiB = 64 * 1024;
  for (const std::string_view unit :
       {"0", "0.", "0 ", "0-", "00 ", "0 - ", "358", "+3", "(0)", "1.", "01.02.", "01 02 ",
        "131052 ", "a at ", "a(at)", "a at b dot ", "a@", "a.", "a@b.", "0@", "08.00-", "at"}) {
    std::string raw;
    while (raw.size() < k64KiB) raw += unit;
    expect_linear(raw);
  }
}

TEST_F(CommentHostile, LongDigitRunIsNotAPhoneNumber) {
  const std::string digits = repeat("0", 500);
  const auto c = clean_comment(digits);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.text.value(), digits);
  expect_fast(digits);
}

TEST_F(CommentHostile, SpacedDigits) {
  const std::string spaced = repeat("0 ", 250);
  expect_fast(spaced);
  const std::string pairs = repeat("00 ", 166);  // 7+ digits in 2-digit groups: numbers
  const auto c = clean_comment(pairs);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(c.text.value().find("[phone]"), std::string::npos);
  expect_fast(pairs);
}

TEST_F(CommentHostile, AlmostAddresses) {
  expect_fast(repeat("a@", 250));
  expect_fast(repeat("a.", 250) + "@");
  expect_fast("a@" + repeat("b.", 249));
  expect_fast(repeat("x", 498) + "@.");
  // The same shapes far beyond the comment limit, for mask_personal_data called directly.
  expect_fast(repeat("a@", 200000));
  expect_fast(repeat("a.", 200000) + "@");
  expect_fast(repeat("+(0)", 100000));
  expect_fast(repeat("131052-", 50000));
}

TEST_F(CommentHostile, ControlCharactersOnly) {
  std::string controls;
  for (int i = 0; i < 32; ++i) controls.push_back(static_cast<char>(i));
  controls += "\x7F\xC2\x80\xC2\x9F";
  const auto c = clean_comment(repeat(controls, 10));
  ASSERT_TRUE(c.ok()) << c.error;
  EXPECT_FALSE(c.text.has_value());
}

TEST_F(CommentHostile, HugeInputIsRefusedNotProcessed) {
  const std::string huge = repeat("ä", 1'000'000);
  const auto c = clean_comment(huge);
  EXPECT_FALSE(c.ok());
  EXPECT_NE(c.error.find("1000000"), std::string::npos) << c.error;
}

TEST_F(CommentHostile, InvalidBytesEverywhere) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  const auto c = clean_comment(bytes);
  EXPECT_FALSE(c.ok());
  EXPECT_NE(c.error.find("byte 128"), std::string::npos) << c.error;
  expect_fast(bytes);
}

}  // namespace
}  // namespace hymy
