/// The `transport:` section of a case: what it reads, and that every mistake
/// is reported with its line and key (all of them together).

#include <gtest/gtest.h>

#include <string>

#include "tests/support/run_in_memory.hpp"

using namespace aquaplume;

namespace {

const char* kBase = R"(
grid: {nlay: 2, nrow: 3, ncol: 4, delr: 10.0, delc: 10.0, top: 10.0, botm: [5.0, 0.0]}
properties: {k: 1.0}
time: {periods: [{length: 10.0, steps: 1}, {length: 10.0, steps: 1}]}
packages:
  - {type: chd, name: west, cols: 1, head: 10.0, concentration: {tce: 5.0}}
  - {type: wel, name: well, cell: [2, 2, 3], rate: -1.0}
)";

/// The problems of a case (empty when it parses).
std::string problems(const std::string& transport) {
  try {
    aquaplume::testing::case_from_yaml(std::string(kBase) + transport);
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

TEST(ParseTransport, ReadsAFullSection) {
  CaseSpec spec = aquaplume::testing::case_from_yaml(std::string(kBase) + R"(
units: {length: m, time: d}
transport:
  species:
    - name: tce
      porosity: [0.3, 0.25]
      initial: 1.0
      diffusion: 1.0e-4
      dispersivity: {longitudinal: 2.0, transverse_horizontal: 0.2, transverse_vertical: 0.02}
      sorption: {type: freundlich, kf: 0.3, exponent: 0.7, bulk_density: 1.6}
      decay: {dissolved: 0.01, sorbed: 0.005}
      production: 0.1
  advection: upstream
  cross_dispersion: true
  time: {scheme: crank_nicolson, max_dt: 2.0, courant: 0.5}
  solver: {nonlinear_tolerance: 1.0e-5, relative_tolerance: 1.0e-9, linear: {method: gmres, preconditioner: ilu}}
  constant_concentration:
    - {name: source, cell: [1, 1, 2], concentration: {tce: {periods: {1: 100.0, 2: 0.0}}}}
  mass_loading:
    - {cells: [[1, 2, 2], [2, 2, 2]], rate: {tce: 50.0}}
  observations:
    - {name: mw1, cell: [2, 3, 4]}
)");
  ASSERT_TRUE(spec.transport);
  const TransportSpec& t = *spec.transport;
  ASSERT_EQ(t.species.size(), 1u);
  const SpeciesSpec& s = t.species[0];
  EXPECT_EQ(s.name, "tce");
  EXPECT_EQ(s.sorption.type, Isotherm::Type::Freundlich);
  EXPECT_DOUBLE_EQ(s.sorption.exponent, 0.7);
  EXPECT_DOUBLE_EQ(s.decay_sorbed, 0.005);
  EXPECT_DOUBLE_EQ(s.production_dissolved, 0.1);
  EXPECT_DOUBLE_EQ(s.transverse_vertical, 0.02);
  EXPECT_EQ(t.advection, AdvectionScheme::Upstream);
  EXPECT_TRUE(t.cross_dispersion);
  EXPECT_EQ(t.time.scheme, TimeScheme::CrankNicolson);
  EXPECT_DOUBLE_EQ(t.time.courant, 0.5);
  EXPECT_EQ(t.solver.linear.ksp_type, "gmres");
  EXPECT_EQ(t.solver.linear.options_prefix, "transport_");
  ASSERT_EQ(t.constant_concentration.size(), 1u);
  EXPECT_DOUBLE_EQ(t.constant_concentration[0].concentration[0].second.at(1, 15.0), 0.0);
  ASSERT_EQ(t.mass_loading.size(), 1u);
  EXPECT_EQ(t.mass_loading[0].name, "mass_loading_1");
  ASSERT_EQ(t.observations.size(), 1u);
}

TEST(ParseTransport, ConvertsUnits) {
  CaseSpec spec = aquaplume::testing::case_from_yaml(std::string(kBase) + R"(
units: {length: ft, time: yr}
transport:
  species:
    - {name: tce, porosity: 0.3, diffusion: 1.0, decay: 0.5, dispersivity: {longitudinal: 10.0, transverse_horizontal: 1.0, transverse_vertical: 0.1}}
  time: {max_dt: 2.0}
  mass_loading:
    - {cell: [1, 1, 1], rate: {tce: 365.25}}
)");
  const TransportSpec& t = *spec.transport;
  EXPECT_NEAR(t.species[0].longitudinal, 3.048, 1e-12);                 // ft -> m
  EXPECT_NEAR(t.species[0].diffusion, 0.3048 * 0.3048 / 365.25, 1e-15);  // ft2/yr -> m2/d
  EXPECT_NEAR(t.species[0].decay_dissolved, 0.5 / 365.25, 1e-15);        // 1/yr -> 1/d
  EXPECT_NEAR(t.time.max_dt, 730.5, 1e-9);                               // yr -> d
  EXPECT_NEAR(t.mass_loading[0].rate[0].second.at(0, 0.0), 1.0, 1e-12);  // g/yr -> g/d
}

TEST(ParseTransport, ReportsEveryProblemWithLineAndKey) {
  const std::string text = problems(R"(
transport:
  species:
    - name: tce
      porosity: 1.5
      dispersivity: {longitudinal: 2.0, transverse_horizontal: 0.2}
      sorption: {type: langmuir, kd: 0.3, bulk_density: 1.6}
      decay: {dissolved: 0.01, sorbed: 0.005}
      diffusoin: 1.0e-4
  advection: central
  time: {scheme: explicit}
  constant_concentration:
    - {cell: [1, 1, 9], concentration: {pce: 1.0}}
  observations:
    - {name: strip, layers: [1, 2], rows: 1, cols: 1}
)");
  // Lines count from the start of the base case (line 1 is empty).
  EXPECT_NE(text.find(":12: transport.species[1].porosity: expected a value between 0 and 1"), std::string::npos) << text;
  EXPECT_NE(text.find("transport.species[1].dispersivity.transverse_vertical: missing"), std::string::npos) << text;
  EXPECT_NE(text.find(":14: transport.species[1].sorption.kd: unknown key 'kd'"), std::string::npos) << text;
  EXPECT_NE(text.find("transport.species[1].sorption.kl: missing"), std::string::npos) << text;
  EXPECT_NE(text.find(":16: transport.species[1].diffusoin: unknown key 'diffusoin'; did you mean 'diffusion'?"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(":17: transport.advection: expected one of 'tvd', 'upstream', got 'central'"), std::string::npos)
      << text;
  EXPECT_NE(text.find("transport.time.scheme: expected one of 'backward_euler', 'crank_nicolson'"), std::string::npos)
      << text;
  EXPECT_NE(text.find("(1, 1, 9) is outside the grid"), std::string::npos) << text;
  EXPECT_NE(text.find("unknown species 'pce'; the transport species are tce"), std::string::npos) << text;
  EXPECT_NE(text.find("an observation point is one cell; this selects 2"), std::string::npos) << text;
}

TEST(ParseTransport, ChecksSpeciesOfPackageConcentrations) {
  const std::string text = problems(R"(
transport:
  species:
    - {name: benzene, porosity: 0.3}
)");
  EXPECT_NE(text.find(":6: packages[1].concentration.tce: unknown species 'tce'; the transport species are benzene"),
            std::string::npos)
      << text;
}

TEST(ParseTransport, SorbedRatesNeedASorbedPhase) {
  const std::string text = problems(R"(
transport:
  species:
    - {name: tce, porosity: 0.3, decay: {dissolved: 0.1, sorbed: 0.2}}
)");
  EXPECT_NE(text.find("transport.species[1].decay: a sorbed-phase rate needs a sorbed phase"), std::string::npos) << text;
}

TEST(ParseTransport, ArrayFilesAreCheckedWhenRead) {
  // Porosity per layer: the bad layer value is reported with the cell when the model is built.
  CaseSpec spec = aquaplume::testing::case_from_yaml(std::string(kBase) + R"(
transport:
  species:
    - {name: tce, porosity: [0.3, 0.0]}
)");
  try {
    build_model(spec, MPI_COMM_WORLD);
    FAIL() << "a zero porosity must be rejected";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("porosity: per-layer list: value 0 at (layer 2, row 1, col 1) must be > 0"), std::string::npos) << e.what();
  }
}

}  // namespace
