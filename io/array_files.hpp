#pragma once
/// Arrays stored in files beside a case, read by each rank for its own cells:
///
///   k: {file: k.f64}                    raw little-endian float64, C order (layer, row, col)
///   k: {file: k.h5, dataset: /k}        an HDF5 dataset with as many values
///   k: {file: k.txt}                    numbers separated by spaces, commas or new lines
///   k: {file: k.f64, format: raw, scale: 0.5}
///
/// The format follows the extension (.f64 .bin .raw: raw; .h5 .hdf5: hdf5;
/// others: text) unless `format:` says otherwise. Raw and HDF5 files are read
/// by offsets and hyperslabs, so regional models never load whole on a rank;
/// text files are read whole and suit small models only.

#include <string>

#include "mesh/base/cell_array.hpp"

namespace aquaplume::io {

/// An opener resolving relative paths against `case_directory`.
ArrayOpener make_array_opener(std::string case_directory);

}  // namespace aquaplume::io
