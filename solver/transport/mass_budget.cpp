#include "solver/transport/mass_budget.hpp"

#include <algorithm>

namespace aquaplume {

MassBudget::MassBudget(const SpeciesSpec& species, const std::vector<std::unique_ptr<Package>>& packages,
                       bool constant, const std::vector<std::string>& loading_terms) {
  storage_dissolved = budget_.add_term("STORAGE_DISSOLVED");
  if (species.sorption.sorbs()) storage_sorbed = budget_.add_term("STORAGE_SORBED");
  const bool sorbed_decay = species.sorption.sorbs() && species.decay_sorbed > 0.0;
  if (species.decay_dissolved > 0.0 || sorbed_decay) decay = budget_.add_term("DECAY");
  const bool sorbed_production = species.sorption.sorbs() && species.production_sorbed > 0.0;
  if (species.production_dissolved > 0.0 || sorbed_production) production = budget_.add_term("PRODUCTION");
  for (const auto& p : packages) package.push_back(budget_.add_term(p->name()));
  if (constant) constant_concentration = budget_.add_term("CONSTANT_CONCENTRATION");
  for (const auto& name : loading_terms)
    if (term_named(name) == kNone) budget_.add_term(name);
  in_.assign(budget_.size(), 0.0);
  out_.assign(budget_.size(), 0.0);
}

std::size_t MassBudget::term_named(const std::string& name) const {
  const auto& terms = budget_.terms();
  for (std::size_t i = 0; i < terms.size(); ++i)
    if (terms[i].name == name) return i;
  return kNone;
}

void MassBudget::begin_substep() {
  std::fill(in_.begin(), in_.end(), 0.0);
  std::fill(out_.begin(), out_.end(), 0.0);
}

void MassBudget::commit_substep(double fraction) {
  for (std::size_t i = 0; i < budget_.size(); ++i) {
    budget_.term(i).rate_in += in_[i] * fraction;
    budget_.term(i).rate_out += out_[i] * fraction;
  }
}

void MassBudget::end_step(double dt, MPI_Comm comm) {
  budget_.sum_over_ranks(comm);
  budget_.accumulate(dt);
}

}  // namespace aquaplume
