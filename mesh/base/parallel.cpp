#include "mesh/base/parallel.hpp"

#include <set>

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
// Records are separated by \x1e and fields by \x1f, which never occur in input text.
std::string serialize(const ErrorList& errors) {
  std::string out;
  for (const auto& d : errors.items()) {
    out += d.loc.file + '\x1f' + std::to_string(d.loc.line) + '\x1f' + std::to_string(d.loc.column) +
           '\x1f' + d.loc.key + '\x1f' + d.message + '\x1e';
  }
  return out;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : text) {
    if (c == sep) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) parts.push_back(cur);
  return parts;
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
  for (const auto& record : split(all, '\x1e')) {
    if (!seen.insert(record).second) continue;
    auto f = split(record + '\x1f', '\x1f');
    f.resize(5);
    Diagnostic d;
    d.loc.file = f[0];
    d.loc.line = f[1].empty() ? 0 : std::stoi(f[1]);
    d.loc.column = f[2].empty() ? 0 : std::stoi(f[2]);
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
