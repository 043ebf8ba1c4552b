#include "solver/budget/budget.hpp"

#include <cmath>

namespace aquaplume {

std::size_t Budget::add_term(std::string name) {
  terms_.push_back(BudgetTerm{std::move(name)});
  return terms_.size() - 1;
}

void Budget::clear_rates() {
  for (auto& t : terms_) t.rate_in = t.rate_out = 0.0;
}

void Budget::sum_over_ranks(MPI_Comm comm) {
  std::vector<double> rates;
  for (const auto& t : terms_) {
    rates.push_back(t.rate_in);
    rates.push_back(t.rate_out);
  }
  MPI_Allreduce(MPI_IN_PLACE, rates.data(), static_cast<int>(rates.size()), MPI_DOUBLE, MPI_SUM, comm);
  for (std::size_t i = 0; i < terms_.size(); ++i) {
    terms_[i].rate_in = rates[2 * i];
    terms_[i].rate_out = rates[2 * i + 1];
  }
}

void Budget::accumulate(double dt) {
  for (auto& t : terms_) {
    t.cumulative_in += t.rate_in * dt;
    t.cumulative_out += t.rate_out * dt;
  }
}

double Budget::total_in() const {
  double s = 0.0;
  for (const auto& t : terms_) s += t.rate_in;
  return s;
}

double Budget::total_out() const {
  double s = 0.0;
  for (const auto& t : terms_) s += t.rate_out;
  return s;
}

namespace {
double percent(double in, double out) {
  const double mean = 0.5 * (in + out);
  return mean > 0.0 ? 100.0 * (in - out) / mean : 0.0;
}
}  // namespace

double Budget::percent_discrepancy() const { return percent(total_in(), total_out()); }

double Budget::cumulative_percent_discrepancy() const {
  double in = 0.0, out = 0.0;
  for (const auto& t : terms_) {
    in += t.cumulative_in;
    out += t.cumulative_out;
  }
  return percent(in, out);
}

std::vector<double> Budget::cumulative() const {
  std::vector<double> out;
  for (const auto& t : terms_) {
    out.push_back(t.cumulative_in);
    out.push_back(t.cumulative_out);
  }
  return out;
}

void Budget::set_cumulative(const std::vector<double>& values) {
  for (std::size_t i = 0; i < terms_.size() && 2 * i + 1 < values.size(); ++i) {
    terms_[i].cumulative_in = values[2 * i];
    terms_[i].cumulative_out = values[2 * i + 1];
  }
}

}  // namespace aquaplume
