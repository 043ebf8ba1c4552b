/// Unit tests of mesh/base/input_node.cpp: the checked input tree.
///
/// How to run:  ctest -R input_node_test   (or run the executable directly)
/// What it shows: Section getters report missing and mistyped keys with their
/// file, line and key path; numbers are finite, unquoted and within limits;
/// unknown keys are reported with a did-you-mean suggestion.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "mesh/base/input_node.hpp"
#include "tests/unit/unit_helpers.hpp"

using namespace aquaplume;
using aquaplume::unit::messages;
using aquaplume::unit::parse;

namespace {

/// A scalar node with the given text, at test.yaml:12 under key "k".
InputNode scalar(const std::string& text, bool quoted = false) {
  InputNode n;
  n.kind = InputNode::Kind::Scalar;
  n.scalar = text;
  n.quoted = quoted;
  n.loc = SourceLoc{"test.yaml", 12, 0, "k"};
  return n;
}

}  // namespace

// ---------------------------------------------------------------- Limits

TEST(Limits, AnyAllowsEveryFiniteValue) {
  EXPECT_EQ(Limits::any().violation(-1e300), "");
  EXPECT_EQ(Limits::any().violation(0.0), "");
  EXPECT_EQ(Limits::any().violation(1e300), "");
}

TEST(Limits, PositiveExcludesZero) {
  EXPECT_EQ(Limits::positive().violation(1e-30), "");
  EXPECT_EQ(Limits::positive().violation(0.0), "> 0");
  EXPECT_EQ(Limits::positive().violation(-2.0), "> 0");
  EXPECT_EQ(Limits::positive().violation(std::nan("")), "> 0");
}

TEST(Limits, NonNegativeIncludesZero) {
  EXPECT_EQ(Limits::non_negative().violation(0.0), "");
  EXPECT_EQ(Limits::non_negative().violation(-1e-12), ">= 0");
}

TEST(Limits, AtLeastAndBetweenNameTheirBounds) {
  EXPECT_EQ(Limits::at_least(1).violation(1.0), "");
  EXPECT_EQ(Limits::at_least(1).violation(0.5), ">= 1");
  EXPECT_EQ(Limits::between(1, 10).violation(1.0), "");
  EXPECT_EQ(Limits::between(1, 10).violation(10.0), "");
  EXPECT_EQ(Limits::between(1, 10).violation(10.5), "between 1 and 10");
  // Below the range only the lower bound is named.
  EXPECT_EQ(Limits::between(1, 10).violation(0.0), ">= 1");
}

TEST(Limits, MaximumAlone) {
  Limits at_most_five{std::nullopt, 5.0, false};
  EXPECT_EQ(at_most_five.violation(5.0), "");
  EXPECT_EQ(at_most_five.violation(6.0), "<= 5");
}

// ---------------------------------------------------------------- read_number

TEST(ReadNumber, AcceptsPlainNumbers) {
  ErrorList errors;
  EXPECT_EQ(read_number(scalar("42"), errors), 42.0);
  EXPECT_EQ(read_number(scalar("-2.5"), errors), -2.5);
  EXPECT_EQ(read_number(scalar("1e3"), errors), 1000.0);
  EXPECT_EQ(read_number(scalar("1E3"), errors), 1000.0);
  EXPECT_EQ(read_number(scalar("-2.5e-2"), errors), -0.025);
  EXPECT_EQ(read_number(scalar(".5"), errors), 0.5);
  EXPECT_EQ(read_number(scalar("0"), errors), 0.0);
  EXPECT_TRUE(errors.empty()) << errors.format();
}

TEST(ReadNumber, AcceptsLeadingPlusAndSurroundingSpace) {
  ErrorList errors;
  EXPECT_EQ(read_number(scalar("+5"), errors), 5.0);
  EXPECT_EQ(read_number(scalar("+1.5e2"), errors), 150.0);
  EXPECT_EQ(read_number(scalar("  7 "), errors), 7.0);
  EXPECT_TRUE(errors.empty()) << errors.format();
}

TEST(ReadNumber, RejectsQuotedNumbers) {
  ErrorList errors;
  EXPECT_FALSE(read_number(scalar("5", /*quoted=*/true), errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].message, "expected a number, got '5'");
  EXPECT_EQ(errors.items()[0].loc.line, 12);
  EXPECT_EQ(errors.items()[0].loc.key, "k");
}

TEST(ReadNumber, RejectsNanAndInfinityInEverySpelling) {
  for (const char* text : {".nan", ".NaN", "NAN", "nan", ".inf", "-.inf", "+.inf", ".Inf", "inf",
                           "-inf", "+inf", "Infinity"}) {
    ErrorList errors;
    EXPECT_FALSE(read_number(scalar(text), errors)) << text;
    ASSERT_EQ(errors.size(), 1u) << text;
    EXPECT_NE(errors.items()[0].message.find(text), std::string::npos) << errors.format();
  }
  ErrorList errors;
  read_number(scalar(".nan"), errors);
  EXPECT_EQ(messages(errors).at(0), "expected a finite number, got '.nan'");
}

TEST(ReadNumber, RejectsOverflowingNumbers) {
  ErrorList errors;
  EXPECT_FALSE(read_number(scalar("1e999"), errors));
  EXPECT_EQ(errors.size(), 1u);
}

TEST(ReadNumber, SaysWhenANumberIsOutOfRange) {
  for (const char* text : {"1e400", "-1e400", "1e-400"}) {
    ErrorList errors;
    EXPECT_FALSE(read_number(scalar(text), errors)) << text;
    ASSERT_EQ(errors.size(), 1u) << text;
    EXPECT_EQ(errors.items()[0].message,
              fmt::format("expected a number, got '{}', which is out of range (magnitudes from "
                          "4.9e-324 to 1.8e308, or 0)",
                          text));
  }
}

TEST(ReadNumber, RejectsTextThatIsNotWhollyANumber) {
  for (const char* text : {"abc", "", "5m", "1,5", "0x10", "1_000", "--5", "1e", "five"}) {
    ErrorList errors;
    EXPECT_FALSE(read_number(scalar(text), errors)) << "'" << text << "'";
    ASSERT_EQ(errors.size(), 1u) << text;
    EXPECT_EQ(errors.items()[0].message, fmt::format("expected a number, got '{}'", text));
  }
}

TEST(ReadNumber, RejectsPlusFollowedBySign) {
  ErrorList errors;
  EXPECT_FALSE(read_number(scalar("+-5"), errors));
  EXPECT_EQ(errors.size(), 1u);
}

TEST(ReadNumber, DescribesWhatWasGivenInsteadOfAScalar) {
  InputNode null_node, list, map;
  list.kind = InputNode::Kind::Sequence;
  map.kind = InputNode::Kind::Map;
  ErrorList errors;
  EXPECT_FALSE(read_number(null_node, errors));
  EXPECT_FALSE(read_number(list, errors));
  EXPECT_FALSE(read_number(map, errors));
  EXPECT_EQ(messages(errors), (std::vector<std::string>{"expected a number, got nothing",
                                                        "expected a number, got an empty list",
                                                        "expected a number, got a mapping"}));
}

TEST(ReadNumber, ReportsLimitViolationsWithTheTextAsWritten) {
  ErrorList errors;
  EXPECT_FALSE(read_number(scalar("-1.50"), errors, Limits::positive()));
  EXPECT_EQ(read_number(scalar("2"), errors, Limits::positive()), 2.0);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].message, "expected a number > 0, got -1.50");
  EXPECT_EQ(errors.items()[0].loc.file, "test.yaml");
}

TEST(ReadInteger, AcceptsWholeNumbersInAnySpelling) {
  ErrorList errors;
  EXPECT_EQ(read_integer(scalar("7"), errors), 7);
  EXPECT_EQ(read_integer(scalar("-3"), errors), -3);
  EXPECT_EQ(read_integer(scalar("+5"), errors), 5);
  EXPECT_EQ(read_integer(scalar("1e3"), errors), 1000);
  EXPECT_EQ(read_integer(scalar("2.0"), errors), 2);
  EXPECT_TRUE(errors.empty()) << errors.format();
}

TEST(ReadInteger, RejectsFractionsNonNumbersAndHugeValues) {
  for (const char* text : {"2.5", ".nan", "inf", "abc", "1e16"}) {
    ErrorList errors;
    EXPECT_FALSE(read_integer(scalar(text), errors)) << text;
    ASSERT_EQ(errors.size(), 1u)
        << text;  // one message, not a number error and a whole-number error
    EXPECT_EQ(errors.items()[0].message, fmt::format("expected a whole number, got '{}'", text));
  }
  ErrorList errors;
  EXPECT_FALSE(read_integer(scalar("3", /*quoted=*/true), errors));
  EXPECT_EQ(messages(errors).at(0), "expected a whole number, got '3'");
}

TEST(ReadInteger, ReportsLimitViolations) {
  ErrorList errors;
  EXPECT_FALSE(read_integer(scalar("0"), errors, Limits::between(1, 100)));
  EXPECT_FALSE(read_integer(scalar("101"), errors, Limits::between(1, 100)));
  EXPECT_EQ(messages(errors),
            (std::vector<std::string>{"expected a whole number >= 1, got 0",
                                      "expected a whole number between 1 and 100, got 101"}));
}

TEST(ReadText, AcceptsAnyScalarIncludingNumbers) {
  ErrorList errors;
  EXPECT_EQ(read_text(scalar("5"), errors), "5");
  EXPECT_EQ(read_text(scalar("hello", true), errors), "hello");
  InputNode list;
  list.kind = InputNode::Kind::Sequence;
  EXPECT_FALSE(read_text(list, errors));
  EXPECT_EQ(messages(errors), (std::vector<std::string>{"expected text, got an empty list"}));
}

TEST(InputNode, DescribeSaysHowLongAListIs) {
  auto tree = parse("a: []\nb: [1]\nc: [1, 2, 3]\n");
  EXPECT_EQ(tree->entries[0].second.describe(), "an empty list");
  EXPECT_EQ(tree->entries[1].second.describe(), "a list of 1 value");
  EXPECT_EQ(tree->entries[2].second.describe(), "a list of 3 values");
}

TEST(InputNode, DescribeShortensLongText) {
  InputNode n = scalar(std::string(50, 'a'));
  EXPECT_EQ(n.describe(), "'" + std::string(40, 'a') + "...'");
  EXPECT_EQ(scalar("abc").describe(), "'abc'");
}

// ---------------------------------------------------------------- Section

TEST(Section, NumberReadsAValueAndReportsAMissingKeyAtTheSection) {
  auto tree = parse("grid:\n  nlay: 3\n  delr: 2.5\n");
  ErrorList errors;
  Section root(*tree, errors);
  auto grid = root.section("grid");
  ASSERT_TRUE(grid);
  EXPECT_EQ(grid->number("delr"), 2.5);
  EXPECT_EQ(grid->number("nlay", Limits::positive()), 3.0);
  EXPECT_FALSE(grid->number("delc"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].message, "missing; expected a number");
  EXPECT_EQ(errors.items()[0].loc.key, "grid.delc");
  EXPECT_EQ(errors.items()[0].loc.line, 2);  // the grid mapping starts on line 2
  EXPECT_EQ(errors.items()[0].format(), "test.yaml:2: grid.delc: missing; expected a number");
}

TEST(Section, NumberTreatsAnEmptyValueAsMissing) {
  auto tree = parse("a:\nb: 1\n");
  ErrorList errors;
  Section root(*tree, errors);
  EXPECT_FALSE(root.number("a"));
  EXPECT_EQ(messages(errors), (std::vector<std::string>{"missing; expected a number"}));
  EXPECT_EQ(errors.items()[0].loc.key, "a");
  // The line of an empty value comes from io/yaml_reader (see yaml_reader_test).
}

TEST(Section, NumberOrUsesTheFallbackOnlyWhenAbsent) {
  auto tree = parse("k: 2\nbad: text\nneg: -1\n");
  ErrorList errors;
  Section root(*tree, errors);
  EXPECT_EQ(root.number_or("k", 9.0), 2.0);
  EXPECT_EQ(root.number_or("absent", 9.0), 9.0);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(root.number_or("bad", 9.0), 9.0);
  EXPECT_EQ(root.number_or("neg", 9.0, Limits::non_negative()), 9.0);
  EXPECT_EQ(messages(errors), (std::vector<std::string>{"expected a number, got 'text'",
                                                        "expected a number >= 0, got -1"}));
  EXPECT_EQ(errors.items()[0].loc.line, 2);
  EXPECT_EQ(errors.items()[1].loc.line, 3);
  EXPECT_EQ(errors.items()[1].loc.key, "neg");
}

TEST(Section, IntegerAndIntegerOr) {
  auto tree = parse("n: 4\nx: 2.5\n");
  ErrorList errors;
  Section root(*tree, errors);
  EXPECT_EQ(root.integer("n"), 4);
  EXPECT_EQ(root.integer_or("absent", 8), 8);
  EXPECT_EQ(root.integer_or("x", 8), 8);
  EXPECT_FALSE(root.integer("missing"));
  EXPECT_EQ(messages(errors), (std::vector<std::string>{"expected a whole number, got '2.5'",
                                                        "missing; expected a whole number"}));
}

TEST(Section, WordChecksTheChoices) {
  auto tree = parse("method: cg\nother: gmres\nn: 5\n");
  ErrorList errors;
  Section root(*tree, errors);
  EXPECT_EQ(root.word("method", {"cg", "bicg"}), "cg");
  EXPECT_EQ(root.word("n"), "5");  // without choices any text, numbers included
  EXPECT_FALSE(root.word("other", {"cg", "bicg"}));
  EXPECT_FALSE(root.word("missing"));
  EXPECT_EQ(messages(errors), (std::vector<std::string>{"expected one of 'cg', 'bicg', got 'gmres'",
                                                        "missing; expected text"}));
  EXPECT_EQ(errors.items()[0].loc.line, 2);
}

TEST(Section, WordOrFallsBackWhenAbsentOrWrong) {
  auto tree = parse("a: up\nb: sideways\n");
  ErrorList errors;
  Section root(*tree, errors);
  EXPECT_EQ(root.word_or("a", "down", {"up", "down"}), "up");
  EXPECT_EQ(root.word_or("absent", "down", {"up", "down"}), "down");
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(root.word_or("b", "down", {"up", "down"}), "down");
  EXPECT_EQ(errors.size(), 1u);
}

TEST(Section, FlagOrAcceptsYamlBooleans) {
  auto tree = parse("a: true\nb: yes\nc: on\nd: false\ne: no\nf: off\ng: maybe\n");
  ErrorList errors;
  Section root(*tree, errors);
  EXPECT_TRUE(root.flag_or("a", false));
  EXPECT_TRUE(root.flag_or("b", false));
  EXPECT_TRUE(root.flag_or("c", false));
  EXPECT_FALSE(root.flag_or("d", true));
  EXPECT_FALSE(root.flag_or("e", true));
  EXPECT_FALSE(root.flag_or("f", true));
  EXPECT_TRUE(root.flag_or("absent", true));
  EXPECT_TRUE(errors.empty());
  EXPECT_TRUE(root.flag_or("g", true));
  EXPECT_EQ(messages(errors), (std::vector<std::string>{"expected true or false, got 'maybe'"}));
  EXPECT_EQ(errors.items()[0].loc.line, 7);
}

TEST(Section, FlagOrAcceptsCapitalisedYamlBooleans) {
  auto tree = parse("a: True\nb: FALSE\nc: Yes\n");
  ErrorList errors;
  Section root(*tree, errors);
  EXPECT_TRUE(root.flag_or("a", false));
  EXPECT_FALSE(root.flag_or("b", true));
  EXPECT_TRUE(root.flag_or("c", false));
  EXPECT_TRUE(errors.empty()) << errors.format();
}

TEST(Section, SectionAndMaybeSection) {
  auto tree = parse("solver: {tolerance: 1e-8}\nunits: 5\n");
  ErrorList errors;
  Section root(*tree, errors);
  auto solver = root.section("solver");
  ASSERT_TRUE(solver);
  EXPECT_EQ(solver->number("tolerance"), 1e-8);
  EXPECT_FALSE(root.maybe_section("time"));
  EXPECT_TRUE(errors.empty());

  EXPECT_FALSE(root.section("grid"));
  EXPECT_FALSE(root.maybe_section("units"));
  EXPECT_FALSE(root.section("units"));
  EXPECT_EQ(messages(errors),
            (std::vector<std::string>{"missing; expected a mapping of settings",
                                      "expected a mapping of settings, got '5'",
                                      "expected a mapping of settings, got '5'"}));
  EXPECT_EQ(errors.items()[0].loc.key, "grid");
  EXPECT_EQ(errors.items()[1].loc.line, 2);
}

TEST(Section, ListReturnsTheElements) {
  auto tree = parse("wells:\n  - 1\n  - 2\n  - 3\nnot_a_list: 4\n");
  ErrorList errors;
  Section root(*tree, errors);
  auto wells = root.list("wells");
  ASSERT_EQ(wells.size(), 3u);
  EXPECT_EQ(wells[2]->scalar, "3");
  EXPECT_EQ(wells[2]->loc.line, 4);
  EXPECT_TRUE(root.list("missing").empty());
  EXPECT_TRUE(root.list("not_a_list").empty());
  EXPECT_EQ(messages(errors),
            (std::vector<std::string>{"missing; expected a list", "expected a list, got '4'"}));
}

TEST(Section, HasGetAndLocOf) {
  auto tree = parse("grid:\n  nlay: 1\n\n  nrow: 2\n");
  ErrorList errors;
  Section root(*tree, errors);
  auto grid = root.section("grid");
  ASSERT_TRUE(grid);
  EXPECT_TRUE(grid->has("nrow"));
  EXPECT_FALSE(grid->has("ncol"));
  ASSERT_NE(grid->get("nrow"), nullptr);
  EXPECT_EQ(grid->get("ncol"), nullptr);
  EXPECT_EQ(grid->loc_of("nrow").line, 4);
  EXPECT_EQ(grid->loc_of("nrow").key, "grid.nrow");
  EXPECT_EQ(grid->loc_of("ncol").line, 2);
  EXPECT_EQ(grid->loc_of("ncol").key, "grid.ncol");
  grid->error("ncol", "needed");
  EXPECT_EQ(errors.format(), "test.yaml:2: grid.ncol: needed\n");
}

TEST(Section, ErrorsAreCollectedNotThrown) {
  auto tree = parse("a: x\nb: y\nc: z\n");
  ErrorList errors;
  Section root(*tree, errors);
  root.number("a");
  root.integer("b");
  root.number("c", Limits::positive());
  EXPECT_EQ(errors.size(), 3u);
  EXPECT_THROW(errors.throw_if_any(), InputError);
}

// ---------------------------------------------------------------- unknown keys

TEST(UnknownKeys, SuggestTheClosestKnownKey) {
  auto tree = parse("grid:\n  nlay: 1\n  nrwo: 2\n");
  ErrorList errors;
  Section root(*tree, errors);
  auto grid = root.section("grid");
  grid->integer("nlay");
  grid->integer_or("nrow", 1);
  grid->integer_or("ncol", 1);
  ASSERT_TRUE(errors.empty()) << errors.format();
  tree->report_unknown_keys(errors);
  ASSERT_EQ(errors.size(), 1u) << errors.format();
  EXPECT_EQ(errors.items()[0].message, "unknown key 'nrwo'; did you mean 'nrow'?");
  EXPECT_EQ(errors.items()[0].loc.line, 3);
  EXPECT_EQ(errors.items()[0].loc.key, "grid.nrwo");
}

TEST(UnknownKeys, ListTheKnownKeysWhenNothingIsClose) {
  auto tree = parse("porosity: 0.3\nzzzzzzzzzz: 1\nk: 2\n");
  ErrorList errors;
  Section root(*tree, errors);
  root.number("porosity");
  root.number("k");
  root.number_or("ss", 1e-5);
  tree->report_unknown_keys(errors);
  ASSERT_EQ(errors.size(), 1u) << errors.format();
  EXPECT_EQ(errors.items()[0].message,
            "unknown key 'zzzzzzzzzz'; known keys here: k, porosity, ss");
  EXPECT_EQ(errors.items()[0].loc.line, 2);
}

TEST(UnknownKeys, AnUnknownSectionIsReportedOnceNotItsContents) {
  auto tree = parse("grid:\n  nlay: 1\nextras:\n  a: 1\n  b: 2\n");
  ErrorList errors;
  Section root(*tree, errors);
  root.section("grid")->integer("nlay");
  tree->report_unknown_keys(errors);
  ASSERT_EQ(errors.size(), 1u) << errors.format();
  EXPECT_EQ(errors.items()[0].loc.key, "extras");
  EXPECT_NE(errors.items()[0].message.find("unknown key 'extras'"), std::string::npos);
}

TEST(UnknownKeys, MapsNobodyReadAreNotReported) {
  auto tree = parse("a: 1\nb: 2\n");
  ErrorList errors;
  tree->report_unknown_keys(errors);
  EXPECT_TRUE(errors.empty()) << errors.format();
}

TEST(UnknownKeys, AnEmptySectionThatWasReadStillReportsItsKeys) {
  auto tree = parse("a: 1\n");
  ErrorList errors;
  Section root(*tree, errors);  // visited, but asks for nothing
  tree->report_unknown_keys(errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].message, "unknown key 'a'");
}

TEST(UnknownKeys, WalkIntoListItems) {
  auto tree = parse("wells:\n  - {rate: 1}\n  - {rate: 2, rtae: 3}\n");
  ErrorList errors;
  Section root(*tree, errors);
  for (const InputNode* item : root.list("wells")) Section(*item, errors).number("rate");
  tree->report_unknown_keys(errors);
  ASSERT_EQ(errors.size(), 1u) << errors.format();
  EXPECT_EQ(errors.items()[0].message, "unknown key 'rtae'; did you mean 'rate'?");
  EXPECT_EQ(errors.items()[0].loc.key, "wells[2].rtae");
  EXPECT_EQ(errors.items()[0].loc.line, 3);
}

TEST(UnknownKeys, MarkUsedAcceptsAWholeSubtree) {
  auto tree = parse("data:\n  anything: 1\n  nested: {x: 2}\n");
  ErrorList errors;
  Section root(*tree, errors);
  root.get("data")->mark_used();
  tree->report_unknown_keys(errors);
  EXPECT_TRUE(errors.empty()) << errors.format();
}

// ---------------------------------------------------------------- edit_distance

TEST(EditDistance, ClassicExamples) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("flaw", "lawn"), 2u);
  EXPECT_EQ(edit_distance("nrow", "nrow"), 0u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", ""), 0u);
  // Levenshtein, not Damerau: a swap of neighbours costs two edits.
  EXPECT_EQ(edit_distance("nrow", "nrwo"), 2u);
}

TEST(EditDistance, IsSymmetric) {
  for (auto [a, b] : {std::pair{"conductance", "conductnace"}, std::pair{"rch", "recharge"},
                      std::pair{"multiplier", "mult"}})
    EXPECT_EQ(edit_distance(a, b), edit_distance(b, a)) << a << " " << b;
}
