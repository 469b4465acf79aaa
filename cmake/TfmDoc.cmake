# tfm_add_doc(<td-name> <tblgen-generator> <output path under docs/> [extra tblgen args])
#
# Generates Markdown reference documentation from an ODS file and copies it
# into the source tree's docs/, so that the committed docs always match ODS.
add_custom_target(tfm-docs ALL)

function(tfm_add_doc td_name generator output)
  set(LLVM_TARGET_DEFINITIONS ${td_name}.td)
  get_filename_component(file_name ${output} NAME)
  mlir_tablegen(${file_name} ${generator} ${ARGN})
  set(generated ${CMAKE_CURRENT_BINARY_DIR}/${file_name})
  set(destination ${PROJECT_SOURCE_DIR}/docs/${output})
  add_custom_command(
    OUTPUT ${destination}
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${generated} ${destination}
    DEPENDS ${generated}
    COMMENT "Updating docs/${output}")
  string(MAKE_C_IDENTIFIER ${output} target_suffix)
  add_custom_target(tfm-doc-${target_suffix} DEPENDS ${destination})
  add_dependencies(tfm-docs tfm-doc-${target_suffix})
endfunction()
