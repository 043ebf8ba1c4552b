#pragma once
/// Budgets: for each term (storage, each package, constant heads) the rate
/// in and out of the model and the cumulative volumes (or masses), and the
/// percent discrepancy 100 (in - out) / ((in + out) / 2), as MODFLOW reports it.

#include <mpi.h>

#include <string>
#include <vector>

namespace aquaplume {

struct BudgetTerm {
  std::string name;
  double rate_in = 0.0, rate_out = 0.0;              ///< [m3/d] or [g/d], >= 0
  double cumulative_in = 0.0, cumulative_out = 0.0;  ///< [m3] or [g]
};

class Budget {
 public:
  /// Adds a term (in the order they are printed); returns its index.
  std::size_t add_term(std::string name);
  std::size_t size() const { return terms_.size(); }
  const std::vector<BudgetTerm>& terms() const { return terms_; }
  BudgetTerm& term(std::size_t i) { return terms_[i]; }

  /// Zeroes the rates of the step (cumulative values stay).
  void clear_rates();
  /// Books a flow into the model (positive) or out of it (negative) to term i.
  void book(std::size_t i, double flow) {
    if (flow > 0.0) terms_[i].rate_in += flow;
    else terms_[i].rate_out -= flow;
  }
  /// Sums every rank's rates. Collective.
  void sum_over_ranks(MPI_Comm comm);
  /// Adds rate x dt to the cumulative values.
  void accumulate(double dt);

  double total_in() const;
  double total_out() const;
  /// 100 (in - out) / ((in + out) / 2); 0 when nothing flows.
  double percent_discrepancy() const;
  double cumulative_percent_discrepancy() const;
  /// Cumulative volumes as a flat list (in, out per term), for checkpoints.
  std::vector<double> cumulative() const;
  void set_cumulative(const std::vector<double>& values);

 private:
  std::vector<BudgetTerm> terms_;
};

}  // namespace aquaplume
