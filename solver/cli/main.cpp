/// aquaplume — groundwater flow and contaminant transport.
///
///   aquaplume run CASE.yaml [-o OUTDIR] [--quiet] [PETSc options]
///   aquaplume validate CASE.yaml
///   aquaplume --help | --version
///
/// Options with one dash and a long name (-ksp_type cg, -log_view) go to PETSc.

#include <petscsys.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "io/case_reader.hpp"
#include "io/checkpoint_file.hpp"
#include "io/results_writer.hpp"
#include "mesh/base/parallel.hpp"
#include "solver/simulation.hpp"

#ifndef AQUAPLUME_VERSION
#define AQUAPLUME_VERSION "0.0.0"
#endif

namespace {

using namespace aquaplume;

enum ExitCode { kOk = 0, kRunFailed = 1, kBadInput = 2, kUsage = 64 };

/// Splits the command line: PETSc options (one dash, a name longer than one
/// letter, and the value that follows unless it is another option) and ours.
void split_arguments(int argc, char** argv, std::vector<char*>& ours, std::vector<char*>& petsc) {
  ours.push_back(argv[0]);
  petsc.push_back(argv[0]);
  auto is_petsc_option = [](const std::string& a) {
    return a.size() > 2 && a[0] == '-' && a[1] != '-' && !std::isdigit(static_cast<unsigned char>(a[1]));
  };
  auto is_value = [](const std::string& a) {
    return !a.empty() && (a[0] != '-' || (a.size() > 1 && (std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.')));
  };
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (is_petsc_option(a)) {
      petsc.push_back(argv[i]);
      if (i + 1 < argc && is_value(argv[i + 1]) && !std::string(argv[i + 1]).ends_with(".yaml") &&
          !std::string(argv[i + 1]).ends_with(".yml")) {
        petsc.push_back(argv[++i]);
      }
    } else {
      ours.push_back(argv[i]);
    }
  }
}

void setup_logging(int rank, bool quiet) {
  auto console = spdlog::stdout_logger_mt("aquaplume");
  console->set_pattern("%v");
  spdlog::set_default_logger(console);
  spdlog::set_level(rank != 0 ? spdlog::level::off : quiet ? spdlog::level::warn : spdlog::level::info);
}

void print_errors(int rank, const std::string& text) {
  if (rank == 0) std::cerr << text << std::flush;
}

/// "aquaplume" on rank 0, "aquaplume (rank 3)" elsewhere: a failure seen by
/// one rank is printed by that rank, and the reader must know which.
std::string prefix(int rank) { return rank == 0 ? "aquaplume" : fmt::format("aquaplume (rank {})", rank); }

/// A failure on this rank that the others may not know of: they may be
/// waiting in a collective (a solve, a parallel HDF5 write) that this rank
/// will never enter. Print it here and stop the whole job; unwinding further
/// would run collective destructors (closing a parallel HDF5 file) and hang.
[[noreturn]] void abort_job(MPI_Comm comm, const std::string& what) {
  const int rank = comm_rank(comm);
  std::cerr << fmt::format("{}: run failed: {}\n{}: stopping all {} ranks (MPI_Abort)\n", prefix(rank), what,
                           prefix(rank), comm_size(comm))
            << std::flush;
  MPI_Abort(comm, kRunFailed);
  std::_Exit(kRunFailed);  // MPI_Abort does not return; this only tells the compiler so
}

/// Reads the case on every rank and agrees on its problems, so that a rank
/// that cannot read it (a file system hiccup on one node) does not leave the
/// others waiting in the mesh partitioning. Collective.
CaseSpec read_case_everywhere(const std::string& case_path, MPI_Comm comm) {
  ErrorList errors;
  std::optional<CaseSpec> spec;
  try {
    spec.emplace(io::read_case(case_path));
  } catch (const InputError& e) {
    errors = e.errors();
  }
  throw_if_any_rank(errors, comm);
  return std::move(*spec);
}

std::string default_output_directory(const CaseSpec& spec) {
  if (!spec.output.directory.empty()) return spec.output.directory;
  return (std::filesystem::path("runs") / spec.name).string();
}

int validate(const std::string& case_path, MPI_Comm comm) {
  // Problems in the case file stop here only when the mesh cannot be built
  // (a grid, property or unit problem); otherwise the geometry and the
  // per-cell arrays are checked too, and one report lists everything.
  ErrorList case_errors;
  CaseSpec spec = io::read_case(case_path, case_errors);
  const bool complete = all_ranks_ok(io::model_inputs_complete(spec, case_errors), comm);
  case_errors = gather_errors(case_errors, comm);  // every rank stops together, or none
  if (!complete) case_errors.throw_if_any();
  std::optional<Model> model;
  try {
    model.emplace(build_model(spec, comm));
  } catch (const InputError& e) {
    if (case_errors.empty()) throw;
    case_errors.append(e.errors());  // the same on every rank: build_model agrees on its errors
  }
  case_errors.throw_if_any();
  // Layers, rows and columns too: a generated (graded) grid's shape is news to its author.
  spdlog::info("{}: valid ({} cells: {} layers x {} rows x {} columns, {} package(s), {} stress period(s))", case_path,
               model->graph.n_global, spec.grid.nlay, spec.grid.nrow, spec.grid.ncol, spec.packages.size(),
               spec.periods.size());
  return kOk;
}

int run(const std::string& case_path, const std::string& output, const std::string& restart, bool quiet,
        MPI_Comm comm) {
  CaseSpec spec = read_case_everywhere(case_path, comm);
  const std::string directory = output.empty() ? default_output_directory(spec) : output;
  std::unique_ptr<io::CheckpointReader> checkpoint;
  if (!restart.empty()) {
    checkpoint = std::make_unique<io::CheckpointReader>(restart, spec, comm);
    if (checkpoint->case_changed())
      spdlog::warn("{} was written for another version of {}: continuing with the case as it is now", restart,
                   case_path);
  }
  io::ResultsWriter writer(directory, comm);
  // Before the mesh and the first solve: a run that cannot write its results
  // should say so now, not after hours of solving.
  writer.check_room(spec, checkpoint ? checkpoint->position().next_step : 0);
  RunOptions options;
  options.progress = !quiet;
  options.restart = checkpoint.get();
  RunSummary s;
  try {
    s = run_case(spec, writer, comm, options);
  } catch (const InputError&) {
    writer.abandon();
    throw;
  } catch (const RunError& e) {
    if (e.agreed()) {
      writer.abandon();
      spdlog::warn("partial results (readable) are in {}/results.h5.partial", directory);
    } else if (comm_size(comm) > 1) {
      abort_job(comm, e.what());
    }
    throw;
  } catch (const std::exception& e) {
    if (comm_size(comm) > 1) abort_job(comm, fmt::format("unexpected failure: {}", e.what()));
    throw;
  }
  spdlog::info("");
  spdlog::info("cells            {}", s.cells);
  spdlog::info("steps            {} ({} saved)", s.steps, s.saved_steps);
  spdlog::info("solver           {} outer, {} linear iterations", s.outer_iterations, s.linear_iterations);
  spdlog::info("budget           largest discrepancy {:.2e} %", s.max_percent_discrepancy);
  spdlog::info("head             {:.4f} .. {:.4f} {}", s.head_min, s.head_max, spec.units.length);
  spdlog::info("time             setup {:.2f} s, flow {:.2f} s, output {:.2f} s, total {:.2f} s", s.seconds_setup,
               s.seconds_flow, s.seconds_output, s.seconds_total);
  spdlog::info("memory           {:.0f} MB peak per rank", s.peak_memory_mb);
  spdlog::info("results          {}/results.h5 (ParaView: results.xmf or results.pvd)", directory);
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> ours, petsc;
  split_arguments(argc, argv, ours, petsc);

  CLI::App app{"aquaplume: groundwater flow and contaminant transport (finite volumes, PETSc)"};
  app.set_version_flag("--version", std::string("aquaplume ") + AQUAPLUME_VERSION);
  app.require_subcommand(1);
  std::string case_path, output, restart;
  bool quiet = false;
  auto* run_cmd = app.add_subcommand("run", "run a case and write its results");
  run_cmd->add_option("case", case_path, "case file (YAML)")->required();
  run_cmd->add_option("-o,--output", output, "output directory (default: runs/<case name>)");
  run_cmd->add_flag("-q,--quiet", quiet, "print warnings and errors only");
  run_cmd->add_option("--restart", restart, "continue from a checkpoint (e.g. runs/<case>/checkpoint.h5), on any number of ranks");
  run_cmd->footer("PETSc options (-ksp_type, -pc_type, -log_view, ...) are passed to PETSc.");
  auto* validate_cmd = app.add_subcommand("validate", "check a case without solving");
  validate_cmd->add_option("case", case_path, "case file (YAML)")->required();
  validate_cmd->add_flag("-q,--quiet", quiet, "print errors only");

  try {
    app.parse(static_cast<int>(ours.size()), ours.data());
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kOk : kUsage;
  }

  // MPI_Init (under PetscInitialize) walks argv up to its terminating null, as C's main() guarantees.
  int petsc_argc = static_cast<int>(petsc.size());
  petsc.push_back(nullptr);  // MPI and PETSc expect argv[argc] == NULL
  char** petsc_argv = petsc.data();
  if (PetscInitialize(&petsc_argc, &petsc_argv, nullptr, nullptr) != 0) {
    std::cerr << "aquaplume: PETSc/MPI could not start\n";
    return kRunFailed;
  }
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  MPI_Comm comm = PETSC_COMM_WORLD;
  const int rank = comm_rank(comm);
  setup_logging(rank, quiet);

  int code = kOk;
  bool abort_all = false;
  try {
    code = validate_cmd->parsed() ? validate(case_path, comm) : run(case_path, output, restart, quiet, comm);
  } catch (const InputError& e) {
    print_errors(rank, fmt::format("aquaplume: {} problem(s) in the case:\n{}", e.errors().size(), e.what()));
    code = kBadInput;
  } catch (const RunInterrupted& e) {
    print_errors(rank, fmt::format("aquaplume: {}\n", e.what()));
    code = 128 + e.signal();
  } catch (const RunError& e) {
    if (e.agreed()) print_errors(rank, fmt::format("aquaplume: run failed: {}\n", e.what()));
    else {
      std::cerr << fmt::format("{}: run failed: {}\n", prefix(rank), e.what()) << std::flush;
      abort_all = comm_size(comm) > 1;
    }
    code = kRunFailed;
  } catch (const std::exception& e) {
    std::cerr << fmt::format("{}: unexpected failure: {}\n", prefix(rank), e.what()) << std::flush;
    abort_all = comm_size(comm) > 1;
    code = kRunFailed;
  }
  // An error seen by one rank only: stop the others rather than let them wait forever.
  if (abort_all) MPI_Abort(comm, code);
  PetscFinalize();
  return code;
}
