#pragma once
/// A groundwater quality standard with classes I (best) to V, such as
/// GB/T 14848-2017 (cases/standards/gb14848-2017.yaml): for each indicator
/// the upper limit of classes I to IV; class V is anything above the class
/// IV limit. Risk products compare simulated concentrations with the limit
/// of the class a case picks (class III by default: the drinking-water
/// class of GB/T 14848).
///
/// The file format is described at the top of gb14848-2017.yaml; io/ reads
/// the YAML into an input tree and parse_quality_standard() checks it, so
/// every problem names the file, line and key.

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mesh/base/input_node.hpp"

namespace aquaplume {

/// Quality classes, best first. Class V has no upper limit.
enum class QualityClass { I = 1, II = 2, III = 3, IV = 4, V = 5 };

/// "I" .. "V" (also "1" .. "5"); nullopt for anything else.
std::optional<QualityClass> quality_class_from_text(std::string_view text);
/// "I" .. "V".
std::string_view quality_class_name(QualityClass c);

/// The upper limit of one class.
struct ClassLimit {
  double mg_per_l = 0.0;      ///< value <= limit meets the class [mg/L]
  bool not_detected = false;  ///< "不得检出": the class needs a value below the detection limit
};

struct StandardIndicator {
  std::string key;  ///< as in the file, e.g. "nitrate_n"
  std::vector<std::string> aliases;
  std::string chinese;  ///< name as printed in the standard
  std::string english;
  std::string cas;         ///< CAS registry number, or empty
  int table = 0;           ///< table of the standard the limits come from
  std::string group;       ///< the table heading (e.g. "toxicological")
  std::string unit;        ///< unit of the limits as printed (mg/L or µg/L)
  std::string confidence;  ///< how well the limits were checked against the printed standard
  std::array<ClassLimit, 4> limits;  ///< classes I to IV
  SourceLoc loc;

  /// The upper limit of class I..IV [mg/L] (0 for a "not detected" class); nullopt for class V.
  std::optional<double> limit(QualityClass c) const;
  /// The best class a concentration [mg/L] meets (GB/T 14848: where classes
  /// share a limit, the better one applies). A "not detected" class is met
  /// only below `detection_limit` [mg/L].
  QualityClass classify(double concentration, double detection_limit = 0.0) const;
};

struct QualityStandard {
  std::string code;     ///< "GB/T 14848-2017"
  std::string chinese;  ///< title
  std::string english;
  std::vector<StandardIndicator> indicators;
  SourceLoc loc;

  /// The indicator with this key or alias (case-insensitive; '-', ' ' and
  /// '_' are the same), or nullptr.
  const StandardIndicator* find(std::string_view name) const;
};

/// Reads a standard from its input tree; limits in µg/L become mg/L.
/// Checks that classes I..IV are all given and never decrease and that
/// class V reads "> x" with x the class IV limit. Records every problem.
std::optional<QualityStandard> parse_quality_standard(const InputNode& tree, ErrorList& errors);

namespace risk {
/// Reads a groundwater quality standard file; supplied by io/ (so that
/// solver/ knows no file format). `file` as written in the case (relative to
/// the case directory), or empty for the default (GB/T 14848-2017 from
/// cases/standards); `resolved` receives the path read. Records problems at
/// `where` and returns nullopt.
using StandardOpener = std::function<std::optional<QualityStandard>(const std::string& file, const SourceLoc& where,
                                                                    ErrorList& errors, std::string& resolved)>;
}  // namespace risk

}  // namespace aquaplume
