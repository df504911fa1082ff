# Writes OUT, a header defining KCG_COMMIT: the commit kcg is built from
# (git rev-parse, "-dirty" with uncommitted changes), KCG_COMMIT_OVERRIDE
# when given (a build from a tarball), else "unknown".  Run at every build
# (CMakeLists.txt); the file is rewritten only when the text changes, so
# an unchanged commit rebuilds nothing.
# Usage: cmake -DSRC=DIR -DOUT=FILE [-DKCG_COMMIT_OVERRIDE=ID] -P commit.cmake
set(commit "unknown")
if(KCG_COMMIT_OVERRIDE)
	set(commit "${KCG_COMMIT_OVERRIDE}")
else()
	execute_process(COMMAND git -C "${SRC}" rev-parse --short=12 HEAD
			OUTPUT_VARIABLE head OUTPUT_STRIP_TRAILING_WHITESPACE
			RESULT_VARIABLE rc ERROR_QUIET)
	if(rc EQUAL 0 AND head)
		set(commit "${head}")
		execute_process(COMMAND git -C "${SRC}" diff --quiet HEAD --
				RESULT_VARIABLE dirty ERROR_QUIET)
		if(NOT dirty EQUAL 0)
			set(commit "${commit}-dirty")
		endif()
	endif()
endif()
set(text "/* Made by cmake/commit.cmake at build time. */\n#define KCG_COMMIT \"${commit}\"\n")
if(EXISTS "${OUT}")
	file(READ "${OUT}" old)
endif()
if(NOT "${old}" STREQUAL "${text}")
	file(WRITE "${OUT}" "${text}")
endif()
