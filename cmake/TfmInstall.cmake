# Installation and the CMake package (find_package(tfm CONFIG)).
#
#   <prefix>/bin/{tfm,tfm-opt,tfm-compile,tfm-import}
#   <prefix>/lib/libtfmrt.so      the runtime and the C API (embedders)
#   <prefix>/lib/libtfmtools.so   the driver of model executables
#   <prefix>/include/tfm/{tfm.h,tfm.hpp,Runtime/ModelAbi.h}
#   <prefix>/lib/cmake/tfm/{tfmConfig,tfmConfigVersion,tfmTargets*}.cmake
#
# The layout is fixed (bin/, lib/, include/, not GNUInstallDirs' multiarch
# lib/): tfm-compile finds libtfmrt and libtfmtools in <its dir>/../lib.

include(CMakePackageConfigHelpers)

set(TFM_INSTALL_CMAKEDIR lib/cmake/tfm)

install(TARGETS tfmrt tfmtools EXPORT tfmTargets
  LIBRARY DESTINATION lib
  INCLUDES DESTINATION include)
install(TARGETS tfm tfm-compile tfm-import tfm-opt EXPORT tfmTargets
  RUNTIME DESTINATION bin)
install(FILES
  ${PROJECT_SOURCE_DIR}/include/tfm/tfm.h
  ${PROJECT_SOURCE_DIR}/include/tfm/tfm.hpp
  DESTINATION include/tfm)
install(FILES ${PROJECT_SOURCE_DIR}/include/tfm/Runtime/ModelAbi.h
  DESTINATION include/tfm/Runtime)

# Models linked statically (tfm_compile_model without SHARED) need the OpenMP
# runtime the generated code calls; record the one tfm-compile links with.
find_library(TFM_OMP_LIBRARY NAMES omp libomp.so.5
  HINTS ${LLVM_LIBRARY_DIR} /usr/lib/llvm-${LLVM_VERSION_MAJOR}/lib)
if(NOT TFM_OMP_LIBRARY)
  set(TFM_OMP_LIBRARY omp)
endif()

install(EXPORT tfmTargets NAMESPACE tfm:: DESTINATION ${TFM_INSTALL_CMAKEDIR})
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/tfmConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/tfmConfig.cmake
  INSTALL_DESTINATION ${TFM_INSTALL_CMAKEDIR})
# 0.x: minor versions may break the ABI (TFM_ABI_VERSION).
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/cmake/tfmConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/cmake/tfmConfig.cmake
  ${PROJECT_BINARY_DIR}/cmake/tfmConfigVersion.cmake
  DESTINATION ${TFM_INSTALL_CMAKEDIR})
