#include "io/vtk_writer.hpp"

#include <vtkCellData.h>
#include <vtkCellType.h>
#include <vtkDoubleArray.h>
#include <vtkIdTypeArray.h>
#include <vtkIntArray.h>
#include <vtkMPI.h>
#include <vtkMPICommunicator.h>
#include <vtkMPIController.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkUnstructuredGrid.h>
#include <vtkXMLPUnstructuredGridWriter.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "mesh/base/diagnostics.hpp"
#include "mesh/base/parallel.hpp"

namespace aquaplume::io {

namespace {
/// VTK's view of MPI (MPI itself is started by PETSc): lets the parallel
/// writer list every rank's piece in the .pvtu summary.
vtkMPIController* vtk_controller(MPI_Comm comm) {
  static vtkMPIController* controller = [comm]() mutable {
    auto* c = vtkMPIController::New();
    vtkMPICommunicatorOpaqueComm opaque(&comm);
    vtkNew<vtkMPICommunicator> communicator;
    communicator->InitializeExternal(&opaque);
    c->SetCommunicator(communicator);
    return c;
  }();
  return controller;
}
}  // namespace

VtkSeries::VtkSeries(const CellGraph& g, std::string directory, std::string subdirectory,
                     std::string final_subdirectory, double length_scale)
    : graph_(g),
      directory_(std::move(directory)),
      subdirectory_(std::move(subdirectory)),
      final_subdirectory_(std::move(final_subdirectory)) {
  grid_ = vtkUnstructuredGrid::New();
  const auto xe = g.grid.x_edges();
  const auto ye = g.grid.y_edges();
  vtkNew<vtkPoints> points;
  points->SetDataTypeToDouble();
  points->SetNumberOfPoints(8 * static_cast<vtkIdType>(g.n_owned));
  grid_->Allocate(g.n_owned);
  vtkNew<vtkIdTypeArray> ids;
  ids->SetName("global_cell_id");
  vtkNew<vtkIntArray> layer;
  layer->SetName("layer");
  for (std::int32_t c = 0; c < g.n_owned; ++c) {
    const auto j = static_cast<std::size_t>(g.col[c]), i = static_cast<std::size_t>(g.row[c]);
    const double x0 = xe[j], x1 = xe[j + 1], y0 = ye[i + 1], y1 = ye[i];
    const double z0 = g.bottom[c], z1 = g.top[c];
    const double corners[8][3] = {{x0, y0, z0}, {x1, y0, z0}, {x1, y1, z0}, {x0, y1, z0},
                                  {x0, y0, z1}, {x1, y0, z1}, {x1, y1, z1}, {x0, y1, z1}};
    vtkIdType hex[8];
    for (int k = 0; k < 8; ++k) {
      hex[k] = 8 * static_cast<vtkIdType>(c) + k;
      points->SetPoint(hex[k], corners[k][0] * length_scale, corners[k][1] * length_scale, corners[k][2] * length_scale);
    }
    grid_->InsertNextCell(VTK_HEXAHEDRON, 8, hex);
    ids->InsertNextValue(static_cast<vtkIdType>(g.natural_index[c]));
    layer->InsertNextValue(g.layer[c] + 1);
  }
  grid_->SetPoints(points);
  grid_->GetCellData()->SetGlobalIds(ids);
  grid_->GetCellData()->AddArray(layer);
  if (comm_rank(g.comm) == 0) std::filesystem::create_directories(std::filesystem::path(directory_) / subdirectory_);
  MPI_Barrier(g.comm);
}

VtkSeries::~VtkSeries() { grid_->Delete(); }

void VtkSeries::resume(const std::vector<double>& times) {
  steps_.clear();
  for (std::size_t i = 0; i < times.size(); ++i)
    steps_.emplace_back(times[i], fmt::format("{}/step_{:05}.pvtu", final_subdirectory_, i));
}

void VtkSeries::write_step(double time, const std::vector<VtkField>& fields) {
  for (const auto& f : fields) {
    vtkNew<vtkDoubleArray> array;
    array->SetName(f.name.c_str());
    array->SetNumberOfComponents(f.width);
    array->SetNumberOfTuples(graph_.n_owned);
    for (std::int32_t c = 0; c < graph_.n_owned; ++c)
      for (int k = 0; k < f.width; ++k) array->SetComponent(c, k, f.values[static_cast<std::size_t>(c) * f.width + k]);
    grid_->GetCellData()->AddArray(array);  // replaces an array of the same name
  }
  const int rank = comm_rank(graph_.comm), size = comm_size(graph_.comm);
  const std::string file = fmt::format("step_{:05}.pvtu", steps_.size());
  const std::string path = (std::filesystem::path(directory_) / subdirectory_ / file).string();
  vtkNew<vtkXMLPUnstructuredGridWriter> writer;
  writer->SetInputData(grid_);
  writer->SetFileName(path.c_str());
  writer->SetController(vtk_controller(graph_.comm));
  writer->SetNumberOfPieces(size);
  writer->SetStartPiece(rank);
  writer->SetEndPiece(rank);
  writer->SetDataModeToAppended();
  writer->EncodeAppendedDataOff();
  writer->SetCompressorTypeToNone();
  const int ok = writer->Write();
  if (!all_ranks_ok(ok == 1, graph_.comm)) throw RunError(fmt::format("VTK could not write {}", path), true);
  steps_.emplace_back(time, final_subdirectory_ + "/" + file);
}

void VtkSeries::write_collection(const std::string& pvd_path) const {
  bool ok = true;
  if (comm_rank(graph_.comm) == 0) {
    std::ofstream out(pvd_path);
    out << "<?xml version=\"1.0\"?>\n<VTKFile type=\"Collection\" version=\"0.1\" byte_order=\"LittleEndian\">\n"
        << " <Collection>\n";
    for (const auto& [time, file] : steps_)
      out << fmt::format("  <DataSet timestep=\"{:.17g}\" group=\"\" part=\"0\" file=\"{}\"/>\n", time, file);
    out << " </Collection>\n</VTKFile>\n";
    ok = static_cast<bool>(out);
  }
  if (!all_ranks_ok(ok, graph_.comm)) throw RunError(fmt::format("cannot write {}", pvd_path), true);
}

}  // namespace aquaplume::io
