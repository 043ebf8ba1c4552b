#include "mesh/base/parallel.hpp"

#include <array>
#include <charconv>
#include <optional>
#include <set>
#include <stdexcept>

namespace aquaplume {

int comm_rank(MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  return rank;
}

int comm_size(MPI_Comm comm) {
  int size = 1;
  MPI_Comm_size(comm, &size);
  return size;
}

bool all_ranks_ok(bool ok, MPI_Comm comm) {
  int local = ok ? 1 : 0, global = 0;
  MPI_Allreduce(&local, &global, 1, MPI_INT, MPI_MIN, comm);
  return global == 1;
}

namespace {
// Each field is written as its length in decimal, ':', then its bytes, so a
// message may hold any character (a case can write control characters as YAML
// escapes, and messages echo the value). A record is five such fields.
void put_field(std::string& out, const std::string& field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

std::string serialize(const ErrorList& errors) {
  std::string out;
  for (const auto& d : errors.items()) {
    put_field(out, d.loc.file);
    put_field(out, std::to_string(d.loc.line));
    put_field(out, std::to_string(d.loc.column));
    put_field(out, d.loc.key);
    put_field(out, d.message);
  }
  return out;
}

/// Reads the field at `pos` and moves past it; nullopt when the text is not a field.
std::optional<std::string> take_field(const std::string& text, std::size_t& pos) {
  const std::size_t colon = text.find(':', pos);
  if (colon == std::string::npos || colon == pos || colon - pos > 19) return std::nullopt;
  std::size_t length = 0;
  for (std::size_t i = pos; i < colon; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    length = length * 10 + static_cast<std::size_t>(text[i] - '0');
  }
  if (length > text.size() - colon - 1) return std::nullopt;
  pos = colon + 1 + length;
  return text.substr(colon + 1, length);
}

int to_int(const std::string& digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}
}  // namespace

ErrorList gather_errors(const ErrorList& local, MPI_Comm comm) {
  std::string mine = serialize(local);
  int n = static_cast<int>(mine.size());
  int size = comm_size(comm);
  std::vector<int> counts(size), displs(size);
  MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, comm);
  int total = 0;
  for (int r = 0; r < size; ++r) {
    displs[r] = total;
    total += counts[r];
  }
  std::string all(static_cast<std::size_t>(total), '\0');
  MPI_Allgatherv(mine.data(), n, MPI_CHAR, all.data(), counts.data(), displs.data(), MPI_CHAR, comm);

  ErrorList merged;
  std::set<std::string> seen;
  std::size_t pos = 0;
  while (pos < all.size()) {
    const std::size_t record_start = pos;
    std::array<std::string, 5> f;
    for (auto& field : f) {
      auto value = take_field(all, pos);
      if (!value) throw std::logic_error("gather_errors: a rank sent a malformed error record");
      field = std::move(*value);
    }
    if (!seen.insert(all.substr(record_start, pos - record_start)).second) continue;
    Diagnostic d;
    d.loc.file = f[0];
    d.loc.line = to_int(f[1]);
    d.loc.column = to_int(f[2]);
    d.loc.key = f[3];
    d.message = f[4];
    merged.add(std::move(d));
  }
  return merged;
}

void throw_if_any_rank(const ErrorList& local, MPI_Comm comm) {
  if (all_ranks_ok(local.empty(), comm)) return;
  gather_errors(local, comm).throw_if_any();
}

std::int64_t sum_over_ranks(std::int64_t value, MPI_Comm comm) {
  std::int64_t out = 0;
  MPI_Allreduce(&value, &out, 1, MPI_INT64_T, MPI_SUM, comm);
  return out;
}

double sum_over_ranks(double value, MPI_Comm comm) {
  double out = 0;
  MPI_Allreduce(&value, &out, 1, MPI_DOUBLE, MPI_SUM, comm);
  return out;
}

double max_over_ranks(double value, MPI_Comm comm) {
  double out = 0;
  MPI_Allreduce(&value, &out, 1, MPI_DOUBLE, MPI_MAX, comm);
  return out;
}

double min_over_ranks(double value, MPI_Comm comm) {
  double out = 0;
  MPI_Allreduce(&value, &out, 1, MPI_DOUBLE, MPI_MIN, comm);
  return out;
}

void sum_over_ranks(std::vector<double>& values, MPI_Comm comm) {
  MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_DOUBLE, MPI_SUM, comm);
}

std::int64_t exclusive_prefix_sum(std::int64_t value, MPI_Comm comm) {
  std::int64_t out = 0;
  MPI_Exscan(&value, &out, 1, MPI_INT64_T, MPI_SUM, comm);
  if (comm_rank(comm) == 0) out = 0;  // MPI_Exscan leaves rank 0's result undefined
  return out;
}

}  // namespace aquaplume
