#include "io/xdmf_writer.hpp"

#include <fstream>

#include <fmt/format.h>

#include "mesh/base/diagnostics.hpp"

namespace aquaplume::io {

void write_xdmf(const std::string& path, const std::string& h5, long long n, const std::vector<double>& times,
                const std::vector<XdmfField>& fields, const std::vector<XdmfField>& static_fields) {
  std::ofstream out(path);
  if (!out) throw RunError(fmt::format("cannot write {}", path));
  const long long t_count = static_cast<long long>(times.size());
  out << "<?xml version=\"1.0\" ?>\n"
      << "<Xdmf Version=\"3.0\">\n <Domain>\n"
      << "  <Grid Name=\"aquaplume\" GridType=\"Collection\" CollectionType=\"Temporal\">\n";
  for (long long t = 0; t < t_count; ++t) {
    out << fmt::format("   <Grid Name=\"step_{}\" GridType=\"Uniform\">\n", t)
        << fmt::format("    <Time Value=\"{:.17g}\"/>\n", times[static_cast<std::size_t>(t)])
        << fmt::format("    <Topology TopologyType=\"Hexahedron\" NumberOfElements=\"{}\">\n", n)
        << fmt::format("     <DataItem Dimensions=\"{} 8\" NumberType=\"Int\" Precision=\"8\" Format=\"HDF\">{}:/mesh/cells</DataItem>\n",
                       n, h5)
        << "    </Topology>\n    <Geometry GeometryType=\"XYZ\">\n"
        << fmt::format("     <DataItem Dimensions=\"{} 3\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">{}:/mesh/nodes</DataItem>\n",
                       8 * n, h5)
        << "    </Geometry>\n";
    for (const auto& f : static_fields) {
      const std::string dims = f.width > 0 ? fmt::format("{} {}", n, f.width) : fmt::format("{}", n);
      out << fmt::format("    <Attribute Name=\"{}\" AttributeType=\"{}\" Center=\"Cell\">\n", f.name,
                         f.width == 3 ? "Vector" : "Scalar")
          << fmt::format("     <DataItem Dimensions=\"{}\" NumberType=\"{}\" Precision=\"8\" Format=\"HDF\">{}:{}</DataItem>\n",
                         dims, f.name == "layer" ? "Int" : "Float", h5, f.dataset)
          << "    </Attribute>\n";
    }
    for (const auto& f : fields) {
      // ParaView's XDMF 3 reader takes a hyperslab in the HDF path:
      //   file:/dataset|start:stride:count:dimensions (one number per axis).
      const bool vector = f.width > 0;
      const std::string dims = vector ? fmt::format("{} {}", n, f.width) : fmt::format("{}", n);
      const std::string slab =
          vector ? fmt::format("{} 0 0:1 1 1:1 {} {}:{} {} {}", t, n, f.width, t_count, n, f.width)
                 : fmt::format("{} 0:1 1:1 {}:{} {}", t, n, t_count, n);
      out << fmt::format("    <Attribute Name=\"{}\" AttributeType=\"{}\" Center=\"Cell\">\n", f.name,
                         vector ? "Vector" : "Scalar")
          << fmt::format("     <DataItem Dimensions=\"{}\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">{}:{}|{}</DataItem>\n",
                         dims, h5, f.dataset, slab)
          << "    </Attribute>\n";
    }
    out << "   </Grid>\n";
  }
  out << "  </Grid>\n </Domain>\n</Xdmf>\n";
  if (!out) throw RunError(fmt::format("cannot write {}", path));
}

}  // namespace aquaplume::io
