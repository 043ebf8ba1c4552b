#pragma once
/// Move-only owners of PETSc objects (after dolfinx's la/petsc.h): the
/// destructor calls the matching XxxDestroy and never throws; every other
/// PETSc call goes through petsc_check, which throws on failure.

#include <petscksp.h>
#include <petscvec.h>

#include <utility>

#include "mesh/petsc_error.hpp"

namespace aquaplume::petsc {

template <typename Handle, PetscErrorCode (*Destroy)(Handle*)>
class Owned {
 public:
  Owned() = default;
  /// Takes ownership of `h` (no extra reference).
  explicit Owned(Handle h) : handle_(h) {}
  ~Owned() {
    if (handle_) Destroy(&handle_);
  }
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  Owned(Owned&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  Owned& operator=(Owned&& other) noexcept {
    if (this != &other) {
      if (handle_) Destroy(&handle_);
      handle_ = std::exchange(other.handle_, nullptr);
    }
    return *this;
  }
  Handle get() const { return handle_; }
  /// For PETSc's XxxCreate(..., &handle) calls; releases what was held.
  Handle* out() {
    if (handle_) Destroy(&handle_);
    return &handle_;
  }
  explicit operator bool() const { return handle_ != nullptr; }

 private:
  Handle handle_ = nullptr;
};

using Vector = Owned<Vec, VecDestroy>;
using Matrix = Owned<Mat, MatDestroy>;
using Krylov = Owned<KSP, KSPDestroy>;
using IndexSet = Owned<IS, ISDestroy>;
using Scatter = Owned<VecScatter, VecScatterDestroy>;

/// Read-write view of a Vec's local values; restores the array on destruction.
class ArrayView {
 public:
  explicit ArrayView(Vec v) : vec_(v) { petsc_check(VecGetArray(v, &data_), "VecGetArray"); }
  ~ArrayView() { VecRestoreArray(vec_, &data_); }
  ArrayView(const ArrayView&) = delete;
  ArrayView& operator=(const ArrayView&) = delete;
  PetscScalar* data() { return data_; }
  PetscScalar& operator[](std::size_t i) { return data_[i]; }

 private:
  Vec vec_;
  PetscScalar* data_ = nullptr;
};

/// Read-only view of a Vec's local values.
class ConstArrayView {
 public:
  explicit ConstArrayView(Vec v) : vec_(v) { petsc_check(VecGetArrayRead(v, &data_), "VecGetArrayRead"); }
  ~ConstArrayView() { VecRestoreArrayRead(vec_, &data_); }
  ConstArrayView(const ConstArrayView&) = delete;
  ConstArrayView& operator=(const ConstArrayView&) = delete;
  const PetscScalar* data() const { return data_; }
  const PetscScalar& operator[](std::size_t i) const { return data_[i]; }

 private:
  Vec vec_;
  const PetscScalar* data_ = nullptr;
};

}  // namespace aquaplume::petsc
