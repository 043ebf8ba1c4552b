/// Unit tests of io/yaml_reader.cpp: YAML text to the input tree.
///
/// How to run:  ctest -R yaml_reader_test
/// What it shows: every value carries the file, line, column and dotted key
/// path where it is written (list items 1-based, "wells[2].rate"); quoted
/// scalars are marked as text; duplicate keys, non-text keys and syntax
/// errors are reported with their line.

#include <gtest/gtest.h>

#include <string>

#include "io/yaml_reader.hpp"
#include "tests/unit/unit_helpers.hpp"

using namespace aquaplume;
using aquaplume::io::parse_yaml;
using aquaplume::unit::messages;

namespace {

const InputNode& entry(const InputNode& map, const std::string& key) {
  const InputNode* n = map.find(key);
  if (!n) throw std::runtime_error("no key " + key);
  return *n;
}

const char* kCase =
    "name: demo\n"           // 1
    "grid:\n"                // 2
    "  nlay: 3\n"            // 3
    "  delr: [10, 20]\n"     // 4
    "# a comment\n"          // 5
    "wells:\n"               // 6
    "  - cell: [1, 2, 3]\n"  // 7
    "    rate: -5\n"         // 8
    "  - cell: [2, 2, 2]\n"  // 9
    "    rate: 7.5\n";       // 10

}  // namespace

TEST(ParseYaml, ValuesCarryTheirLineColumnAndKeyPath) {
  ErrorList errors;
  auto root = parse_yaml(kCase, "cases/demo/case.yaml", errors);
  ASSERT_TRUE(root);
  EXPECT_TRUE(errors.empty()) << errors.format();
  ASSERT_TRUE(root->is_map());
  EXPECT_EQ(root->loc.line, 1);
  EXPECT_EQ(root->loc.key, "");

  const InputNode& name = entry(*root, "name");
  EXPECT_TRUE(name.is_scalar());
  EXPECT_EQ(name.scalar, "demo");
  EXPECT_EQ(name.loc.file, "cases/demo/case.yaml");
  EXPECT_EQ(name.loc.line, 1);
  EXPECT_EQ(name.loc.column, 7);
  EXPECT_EQ(name.loc.key, "name");

  const InputNode& grid = entry(*root, "grid");
  EXPECT_TRUE(grid.is_map());
  EXPECT_EQ(grid.loc.line, 3);  // a block mapping starts at its first key
  EXPECT_EQ(entry(grid, "nlay").loc.line, 3);
  EXPECT_EQ(entry(grid, "nlay").loc.key, "grid.nlay");
  const InputNode& delr = entry(grid, "delr");
  ASSERT_TRUE(delr.is_sequence());
  ASSERT_EQ(delr.items.size(), 2u);
  EXPECT_EQ(delr.loc.line, 4);
  EXPECT_EQ(delr.items[1].scalar, "20");
  EXPECT_EQ(delr.items[1].loc.key, "grid.delr[2]");
  EXPECT_EQ(delr.items[1].loc.column, 14);

  const InputNode& wells = entry(*root, "wells");
  ASSERT_TRUE(wells.is_sequence());
  ASSERT_EQ(wells.items.size(), 2u);
  const InputNode& second = wells.items[1];
  EXPECT_EQ(second.loc.key, "wells[2]");
  EXPECT_EQ(second.loc.line, 9);
  EXPECT_EQ(entry(second, "rate").scalar, "7.5");
  EXPECT_EQ(entry(second, "rate").loc.line, 10);
  EXPECT_EQ(entry(second, "rate").loc.key, "wells[2].rate");
  EXPECT_EQ(entry(wells.items[0], "cell").items[2].loc.key, "wells[1].cell[3]");
  EXPECT_EQ(entry(wells.items[0], "cell").items[2].loc.line, 7);
}

TEST(ParseYaml, MapEntriesKeepFileOrder) {
  ErrorList errors;
  auto root = parse_yaml("zeta: 1\nalpha: 2\nmid: 3\n", "t.yaml", errors);
  ASSERT_TRUE(root);
  ASSERT_EQ(root->entries.size(), 3u);
  EXPECT_EQ(root->entries[0].first, "zeta");
  EXPECT_EQ(root->entries[1].first, "alpha");
  EXPECT_EQ(root->entries[2].first, "mid");
}

TEST(ParseYaml, AnEmptyValueIsNull) {
  ErrorList errors;
  auto root = parse_yaml("a: 1\n\nempty:\nb: 2\n", "t.yaml", errors);
  ASSERT_TRUE(root);
  EXPECT_TRUE(errors.empty()) << errors.format();
  const InputNode& empty = entry(*root, "empty");
  EXPECT_TRUE(empty.is_null());
  EXPECT_EQ(empty.loc.key, "empty");
  EXPECT_TRUE(entry(*root, "b").is_scalar());
  EXPECT_EQ(entry(*root, "b").loc.line, 4);
}

TEST(ParseYaml, AnEmptyValueIsAtTheLineOfItsKey) {
  ErrorList errors;
  auto root = parse_yaml("grid:\n  nlay:\n  nrow: 5\nlast:\n", "t.yaml", errors);
  ASSERT_TRUE(root);
  const InputNode& grid = entry(*root, "grid");
  EXPECT_EQ(entry(grid, "nlay").loc.line, 2);
  EXPECT_EQ(entry(*root, "last").loc.line, 4);
}

TEST(ParseYaml, AnEmptyListItemIsAtTheLineOfItsDash) {
  ErrorList errors;
  auto root = parse_yaml("a:\n  - 1\n  -\n  - # no value\n\n  - 4\n  - ~\n", "t.yaml", errors);
  ASSERT_TRUE(root) << errors.format();
  const InputNode& a = entry(*root, "a");
  ASSERT_EQ(a.items.size(), 5u);
  EXPECT_TRUE(a.items[1].is_null());
  EXPECT_EQ(a.items[1].loc.line, 3);
  EXPECT_EQ(a.items[1].loc.key, "a[2]");
  EXPECT_EQ(a.items[2].loc.line, 4);
  EXPECT_TRUE(a.items[4].is_null());
  EXPECT_EQ(a.items[4].loc.line, 7);  // a written null keeps its own place
}

TEST(ParseYaml, TildeAndNullAreNull) {
  ErrorList errors;
  auto root = parse_yaml("a: ~\nb: null\nc: 'null'\n", "t.yaml", errors);
  ASSERT_TRUE(root);
  EXPECT_TRUE(entry(*root, "a").is_null());
  EXPECT_TRUE(entry(*root, "b").is_null());
  EXPECT_TRUE(entry(*root, "c").is_scalar());  // quoted: the text "null"
  EXPECT_EQ(entry(*root, "c").scalar, "null");
}

TEST(ParseYaml, QuotedScalarsAreText) {
  ErrorList errors;
  auto root = parse_yaml("plain: 5\ndouble: \"5\"\nsingle: '5'\nword: abc\nquoted_word: \"abc\"\n",
                         "t.yaml", errors);
  ASSERT_TRUE(root);
  EXPECT_FALSE(entry(*root, "plain").quoted);
  EXPECT_TRUE(entry(*root, "double").quoted);
  EXPECT_TRUE(entry(*root, "single").quoted);
  EXPECT_FALSE(entry(*root, "word").quoted);
  EXPECT_TRUE(entry(*root, "quoted_word").quoted);
  EXPECT_EQ(entry(*root, "double").scalar, "5");
  EXPECT_EQ(entry(*root, "single").scalar, "5");

  // A quoted number is not a number.
  ErrorList read;
  EXPECT_EQ(read_number(entry(*root, "plain"), read), 5.0);
  EXPECT_FALSE(read_number(entry(*root, "double"), read));
  EXPECT_EQ(messages(read), (std::vector<std::string>{"expected a number, got '5'"}));
  EXPECT_EQ(read.items()[0].loc.line, 2);
}

TEST(ParseYaml, QuotedScalarsKeepSpacesAndEscapes) {
  ErrorList errors;
  auto root =
      parse_yaml("a: \"  two  spaces \"\nb: \"tab\\there\"\nc: 'it''s'\n", "t.yaml", errors);
  ASSERT_TRUE(root);
  EXPECT_EQ(entry(*root, "a").scalar, "  two  spaces ");
  EXPECT_EQ(entry(*root, "b").scalar, "tab\there");
  EXPECT_EQ(entry(*root, "c").scalar, "it's");
}

TEST(ParseYaml, DuplicateKeysAreReportedWithBothLines) {
  ErrorList errors;
  auto root = parse_yaml("k: 1\nother: 2\nk: 3\n", "case.yaml", errors);
  ASSERT_TRUE(root);
  ASSERT_EQ(errors.size(), 1u) << errors.format();
  EXPECT_EQ(errors.items()[0].format(), "case.yaml:3: k: key 'k' given twice (first at line 1)");
  // The first value is kept.
  ASSERT_EQ(root->entries.size(), 2u);
  EXPECT_EQ(entry(*root, "k").scalar, "1");
}

TEST(ParseYaml, DuplicateKeysInANestedMapping) {
  ErrorList errors;
  auto root = parse_yaml("grid:\n  nlay: 1\n  nrow: 2\n  nlay: 3\n", "case.yaml", errors);
  ASSERT_TRUE(root);
  ASSERT_EQ(errors.size(), 1u) << errors.format();
  EXPECT_EQ(errors.items()[0].loc.line, 4);
  EXPECT_EQ(errors.items()[0].loc.key, "grid.nlay");
  EXPECT_EQ(errors.items()[0].message, "key 'nlay' given twice (first at line 2)");
}

TEST(ParseYaml, KeysMustBeText) {
  ErrorList errors;
  auto root = parse_yaml("ok: 1\n[1, 2]: 3\n", "case.yaml", errors);
  ASSERT_TRUE(root);
  ASSERT_EQ(errors.size(), 1u) << errors.format();
  EXPECT_EQ(errors.items()[0].message, "keys must be plain text");
  EXPECT_EQ(errors.items()[0].loc.line, 2);
  EXPECT_EQ(root->entries.size(), 1u);
}

TEST(ParseYaml, SyntaxErrorsGiveTheirLine) {
  ErrorList errors;
  // Line 3 is indented under a scalar value: not a valid mapping.
  auto root = parse_yaml("a: 1\nb: 2\n  c: 3\n", "case.yaml", errors);
  EXPECT_FALSE(root);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].loc.file, "case.yaml");
  EXPECT_EQ(errors.items()[0].loc.line, 3);
  EXPECT_EQ(errors.items()[0].message.rfind("not valid YAML: ", 0), 0u)
      << errors.items()[0].message;
}

TEST(ParseYaml, AnUnclosedListIsASyntaxError) {
  ErrorList errors;
  auto root = parse_yaml("a: 1\nb: [1, 2\nc: 3\n", "case.yaml", errors);
  EXPECT_FALSE(root);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].loc.line, 2) << errors.format();  // where the '[' opened
  EXPECT_NE(errors.items()[0].message.find("not valid YAML"), std::string::npos);
  EXPECT_NE(errors.items()[0].message.find("never closed"), std::string::npos) << errors.format();
}

TEST(ParseYaml, MoreSyntaxErrorsWithTheirLines) {
  struct Case {
    const char* text;
    int line;
  };
  for (const Case& c : {Case{"a: 1\nb: c: d\n", 2}, Case{"a: 1\n- b\n", 2}, Case{"k: [1, 2]]\n", 1},
                        Case{"a: {b: 1\nc: 2\n", 1}}) {  // an unclosed '{': where it opened
    ErrorList errors;
    EXPECT_FALSE(parse_yaml(c.text, "case.yaml", errors)) << c.text;
    ASSERT_EQ(errors.size(), 1u) << c.text;
    EXPECT_EQ(errors.items()[0].loc.line, c.line) << c.text << errors.format();
    EXPECT_EQ(errors.items()[0].message.rfind("not valid YAML: ", 0), 0u) << errors.format();
  }
}

TEST(ParseYaml, AnUnclosedBracketIsReportedWhereItOpened) {
  ErrorList errors;
  // Brackets in quotes and comments do not count; the '[' of line 3 is never closed.
  EXPECT_FALSE(parse_yaml("a: 'x ['  # [\nb: {c: \"]\"}\nd: [1, 2\n\ne: 3\nf: 4\n", "case.yaml", errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].loc.line, 3) << errors.format();
  EXPECT_EQ(errors.items()[0].message,
            "not valid YAML: the '[' opened on this line is never closed (the parser gave up at "
            "line 5: end of sequence flow not found)");
}

TEST(ParseYaml, AnIllegalMapValueHintsAtTheIndentation) {
  ErrorList errors;
  EXPECT_FALSE(parse_yaml("grid:\n  nlay: 2\n    nrow: 10\n", "case.yaml", errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].loc.line, 3);
  EXPECT_EQ(errors.items()[0].message,
            "not valid YAML: illegal map value; check the indentation of this line and the one above");
}

TEST(ParseYaml, TabIndentationIsASyntaxError) {
  ErrorList errors;
  EXPECT_FALSE(parse_yaml("grid:\n\tnlay: 1\n", "case.yaml", errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].loc.line, 2) << errors.format();
}

TEST(ParseYaml, EmptyTextIsANullRoot) {
  ErrorList errors;
  auto root = parse_yaml("", "empty.yaml", errors);
  ASSERT_TRUE(root);
  EXPECT_TRUE(errors.empty());
  EXPECT_TRUE(root->is_null());
  EXPECT_EQ(root->loc.line, 1);
  EXPECT_EQ(root->loc.file, "empty.yaml");
}

TEST(ParseYaml, ATopLevelList) {
  ErrorList errors;
  auto root = parse_yaml("- 1\n- two\n", "t.yaml", errors);
  ASSERT_TRUE(root);
  ASSERT_TRUE(root->is_sequence());
  ASSERT_EQ(root->items.size(), 2u);
  EXPECT_EQ(root->items[1].scalar, "two");
  EXPECT_EQ(root->items[1].loc.key, "[2]");
  EXPECT_EQ(root->items[1].loc.line, 2);
}

TEST(ParseYaml, DeepNestingIsRefused) {
  std::string deep = "a: " + std::string(70, '[') + std::string(70, ']') + "\n";
  ErrorList errors;
  auto root = parse_yaml(deep, "t.yaml", errors);
  ASSERT_TRUE(root);
  ASSERT_EQ(errors.size(), 1u) << errors.format();
  EXPECT_EQ(errors.items()[0].message, "input nested more than 64 levels deep");
  EXPECT_EQ(errors.items()[0].loc.line, 1);
}

TEST(ParseYaml, ModerateNestingIsFine) {
  std::string nested = "a: " + std::string(30, '[') + "1" + std::string(30, ']') + "\n";
  ErrorList errors;
  auto root = parse_yaml(nested, "t.yaml", errors);
  ASSERT_TRUE(root);
  EXPECT_TRUE(errors.empty()) << errors.format();
  const InputNode* n = &entry(*root, "a");
  for (int depth = 0; depth < 30; ++depth) {
    ASSERT_TRUE(n->is_sequence());
    ASSERT_EQ(n->items.size(), 1u);
    n = &n->items[0];
  }
  EXPECT_EQ(n->scalar, "1");
}

TEST(ParseYaml, FlowAndBlockStylesGiveTheSameTree) {
  ErrorList errors;
  auto flow = parse_yaml("grid: {nlay: 1, delr: [1, 2]}\n", "t.yaml", errors);
  auto block = parse_yaml("grid:\n  nlay: 1\n  delr:\n    - 1\n    - 2\n", "t.yaml", errors);
  ASSERT_TRUE(flow);
  ASSERT_TRUE(block);
  EXPECT_TRUE(errors.empty()) << errors.format();
  const InputNode& f = entry(*flow, "grid");
  const InputNode& b = entry(*block, "grid");
  EXPECT_EQ(entry(f, "nlay").scalar, entry(b, "nlay").scalar);
  ASSERT_EQ(entry(f, "delr").items.size(), 2u);
  ASSERT_EQ(entry(b, "delr").items.size(), 2u);
  EXPECT_EQ(entry(f, "delr").items[1].scalar, entry(b, "delr").items[1].scalar);
  EXPECT_EQ(entry(b, "delr").items[1].loc.line, 5);
}
