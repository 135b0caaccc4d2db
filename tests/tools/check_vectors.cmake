# Regenerates the vectors into OUT and fails if any differs from the committed REF copy.
file(MAKE_DIRECTORY ${OUT})
execute_process(COMMAND ${GEN} ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gen_vectors failed (${rc})")
endif()
foreach(name code_v1.json trust_list_v1.json ed25519_v1.json status_v1.json provenance_v1.json
    code_number_v1.json tlog_v2.json inspector_v1.json
    submission_v1.json)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}/${name} ${REF}/${name} RESULT_VARIABLE diff)
  if(NOT diff EQUAL 0)
    message(FATAL_ERROR "tests/vectors/${name} differs from a fresh generation: run scripts/gen-vectors.sh and review the diff")
  endif()
  message(STATUS "${name}: identical to a fresh generation")
endforeach()
