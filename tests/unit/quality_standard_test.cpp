/// Unit tests of solver/risk/quality_standard.cpp, io/standard_reader.cpp and
/// the data file cases/standards/gb14848-2017.yaml.
///
/// How to run:  ctest -R quality_standard_test
/// What it shows: the GB/T 14848-2017 file loads without a problem, holds
/// every contaminant the site features need, and gives the class III limits
/// of the standard (nitrate-N 20, ammonia-N 0.50, As 0.01, Cr(VI) 0.05,
/// chloride and sulfate 250, fluoride 1.0 mg/L; benzene 10 and TCE 70 µg/L,
/// read as 0.01 and 0.07 mg/L); species names and aliases find indicators;
/// concentrations are classed with the better class where classes share a
/// limit ("从优不从劣"), class V above the class IV limit, and a "not
/// detected" class I judged against the detection limit; a malformed file
/// is reported at its lines and keys.

#include <gtest/gtest.h>

#include <set>

#include "io/standard_reader.hpp"
#include "tests/unit/unit_helpers.hpp"

using namespace aquaplume;
using aquaplume::unit::messages;
using aquaplume::unit::parse;

namespace {

const QualityStandard& gb14848() {
  static const QualityStandard standard = io::read_quality_standard(
      std::string(AQUAPLUME_SOURCE_DIR) + "/cases/standards/gb14848-2017.yaml");
  return standard;
}

double class_iii(const std::string& name) {
  const StandardIndicator* ind = gb14848().find(name);
  if (!ind) throw std::runtime_error("no indicator " + name);
  return *ind->limit(QualityClass::III);
}

}  // namespace

TEST(Gb14848, LoadsWithItsTitle) {
  const auto& s = gb14848();
  EXPECT_EQ(s.code, "GB/T 14848-2017");
  EXPECT_EQ(s.chinese, "地下水质量标准");
  EXPECT_EQ(s.english, "Standard for groundwater quality");
}

TEST(Gb14848, HoldsTheContaminantsOfLandfillsTailingsAndIndustrialSites) {
  for (const char* name :
       {"nitrate_n", "nitrite_n",   "ammonia_n", "cod_mn",    "sulfate",
        "chloride",  "fluoride",    "cyanide",   "arsenic",   "lead",
        "cadmium",   "chromium_vi", "mercury",   "manganese", "iron",
        "nickel",    "copper",      "zinc",      "benzene",   "trichloroethylene"}) {
    const StandardIndicator* ind = gb14848().find(name);
    ASSERT_NE(ind, nullptr) << name;
    EXPECT_FALSE(ind->chinese.empty()) << name;
    EXPECT_FALSE(ind->english.empty()) << name;
    EXPECT_TRUE(ind->table == 1 || ind->table == 2) << name;
    EXPECT_FALSE(ind->limit(QualityClass::V)) << name;
  }
}

TEST(Gb14848, ClassIIILimits) {
  EXPECT_EQ(class_iii("nitrate_n"), 20.0);
  EXPECT_EQ(class_iii("ammonia_n"), 0.50);
  EXPECT_EQ(class_iii("arsenic"), 0.01);
  EXPECT_EQ(class_iii("chromium_vi"), 0.05);
  EXPECT_EQ(class_iii("chloride"), 250.0);
  EXPECT_EQ(class_iii("sulfate"), 250.0);
  EXPECT_EQ(class_iii("fluoride"), 1.0);
  EXPECT_EQ(class_iii("nitrite_n"), 1.00);
  EXPECT_EQ(class_iii("cod_mn"), 3.0);
  EXPECT_EQ(class_iii("lead"), 0.01);
  EXPECT_EQ(class_iii("mercury"), 0.001);
  EXPECT_EQ(class_iii("cadmium"), 0.005);
  // Printed in µg/L, read in mg/L.
  EXPECT_EQ(class_iii("benzene"), 0.01);
  EXPECT_EQ(class_iii("trichloroethylene"), 0.07);
  EXPECT_EQ(gb14848().find("benzene")->unit, "µg/L");
  EXPECT_EQ(gb14848().find("trichloroethylene")->table, 2);
  EXPECT_EQ(gb14848().find("trichloroethylene")->cas, "79-01-6");
}

TEST(Gb14848, EveryClassOfOneIndicator) {
  const StandardIndicator* n = gb14848().find("nitrate_n");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(*n->limit(QualityClass::I), 2.0);
  EXPECT_EQ(*n->limit(QualityClass::II), 5.0);
  EXPECT_EQ(*n->limit(QualityClass::IV), 30.0);
  EXPECT_EQ(n->chinese, "硝酸盐（以N计）");
  EXPECT_EQ(n->cas, "14797-55-8");
}

TEST(Gb14848, NamesAndAliases) {
  EXPECT_EQ(gb14848().find("NO3-N"), gb14848().find("nitrate_n"));
  EXPECT_EQ(gb14848().find("TCE"), gb14848().find("trichloroethylene"));
  EXPECT_EQ(gb14848().find("Cr6"), gb14848().find("chromium_vi"));
  EXPECT_EQ(gb14848().find("nitrate n"), gb14848().find("nitrate_n"));
  EXPECT_EQ(gb14848().find("uranium"), nullptr);
}

TEST(Gb14848, ClassesOfConcentrations) {
  const StandardIndicator* f = gb14848().find("fluoride");  // I = II = III = 1.0, IV = 2.0
  EXPECT_EQ(f->classify(0.5), QualityClass::I);  // the better class where limits are equal
  EXPECT_EQ(f->classify(1.0), QualityClass::I);
  EXPECT_EQ(f->classify(1.5), QualityClass::IV);
  EXPECT_EQ(f->classify(2.0), QualityClass::IV);
  EXPECT_EQ(f->classify(2.0001), QualityClass::V);
  const StandardIndicator* nitrate = gb14848().find("nitrate_n");
  EXPECT_EQ(nitrate->classify(19.9), QualityClass::III);
  EXPECT_EQ(nitrate->classify(25.0), QualityClass::IV);
  // Anionic surfactants: class I only when not detected.
  const StandardIndicator* las = gb14848().find("anionic_surfactants");
  ASSERT_NE(las, nullptr);
  EXPECT_TRUE(las->limits[0].not_detected);
  EXPECT_EQ(las->classify(0.02, 0.05), QualityClass::I);
  EXPECT_EQ(las->classify(0.06, 0.05), QualityClass::II);
  EXPECT_EQ(las->classify(0.0),
            QualityClass::II);  // without a detection limit nothing is "not detected"
}

TEST(ParseQualityStandard, ANameMayNameOneIndicatorOnly) {
  auto tree = parse(R"(standard: {code: X}
indicators:
  a: {chinese: 甲, english: a, table: 1, group: g, unit: mg/L, limits: {I: 1, II: 2, III: 3, IV: 4, V: "> 4"}}
  b: {chinese: 乙, english: b, aliases: [A], table: 1, group: g, unit: mg/L, limits: {I: 1, II: 2, III: 3, IV: 4, V: "> 4"}}
)");
  ErrorList errors;
  EXPECT_FALSE(parse_quality_standard(*tree, errors));
  EXPECT_EQ(messages(errors), (std::vector<std::string>{"the name 'A' of 'b' also names 'a'"}));
  EXPECT_EQ(errors.items()[0].loc.line, 4);
}

TEST(QualityClassNames, RomanAndArabic) {
  EXPECT_EQ(quality_class_from_text("III"), QualityClass::III);
  EXPECT_EQ(quality_class_from_text("3"), QualityClass::III);
  EXPECT_EQ(quality_class_from_text("VI"), std::nullopt);
  EXPECT_EQ(quality_class_name(QualityClass::IV), "IV");
}

TEST(ParseQualityStandard, MistakesAreReportedAtTheirLines) {
  auto tree = parse(R"(standard: {code: X}
indicators:
  a:
    chinese: 甲
    english: a
    table: 1
    group: g
    unit: mg/L
    limits: {I: 1, II: 0.5, III: 2, IV: 3, V: "> 4"}
  b:
    chinese: 乙
    english: b
    table: 3
    group: g
    unit: ppm
    limits: {I: 1, II: 2, III: 3, IV: 4, V: "> 4"}
  c:
    chinese: 丙
    english: c
    aliases: [A]
    table: 1
    group: g
    unit: mg/L
    limits: {I: 1, II: 2, III: 3, V: "above 4"}
    colour: red
)");
  ErrorList errors;
  EXPECT_FALSE(parse_quality_standard(*tree, errors));
  EXPECT_EQ(
      messages(errors),
      (std::vector<std::string>{
          "the class II limit 0.5 is below the class I limit 1; limits must not decrease from "
          "class I to IV",
          "class V starts above the class IV limit 3, not above 4",
          "expected a whole number between 1 and 2, got 3", "expected mg/L or µg/L, got 'ppm'",
          "missing; expected the class IV upper limit",
          "expected \"> x\" with x the class IV limit (class V has no upper limit), got 'above 4'",
          "unknown key 'colour'; known keys here: aliases, cas, chinese, confidence, english, "
          "group, limits, "
          "table, unit"}));
  ASSERT_GE(errors.size(), 2u);
  EXPECT_EQ(errors.items()[0].loc.line, 9);
  EXPECT_EQ(errors.items()[0].loc.key, "indicators.a.limits.II");
}
