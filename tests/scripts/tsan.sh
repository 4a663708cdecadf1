#!/bin/sh
# ThreadSanitizer run of the tests that delete an object while its work goes on on another
# thread (issue 22): a Debug build with -fsanitize=thread in its own directory, only the test
# executables it needs, then the test functions, stopping at the first report.
#   tests/scripts/tsan.sh [build directory]       (default: build-tsan next to build/)
# HA_BUILD_LOCK=/tmp/ha-build.lock makes the build wait for that lock (a shared machine).
# Not part of ctest or CI: the instrumented build of the models library takes long on 2 cores.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build-tsan}
launcher=
if command -v ccache >/dev/null; then
    launcher=-DCMAKE_CXX_COMPILER_LAUNCHER=ccache
fi
# tests/CMakeLists.txt sees -fsanitize=thread and links tests/support/TsanQtShim.cpp into
# each test: Qt itself is not instrumented.
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug $launcher \
    -DCMAKE_CXX_FLAGS=-fsanitize=thread -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread \
    -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread >/dev/null
build_cmd="cmake --build $build --target tst_migrations tst_databaseworker --parallel 2"
if [ -n "${HA_BUILD_LOCK:-}" ]; then
    flock "$HA_BUILD_LOCK" $build_cmd
else
    $build_cmd
fi

export QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8 LANGUAGE=en
# A post from a worker thread waits this long before Qt reads its context object (see
# tests/support/TsanQtShim.cpp): the unlucky preemption, every time.
export HA_TSAN_POST_DELAY_MS=${HA_TSAN_POST_DELAY_MS:-300}
# die_after_fork=0: TestCluster starts initdb and pg_ctl (QProcess forks) while threads run;
# the child only execs.
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 die_after_fork=0 second_deadlock_stack=1 \
suppressions=$src/tests/tsan.supp ${TSAN_OPTIONS:-}"
# -nocrashhandler: a SEGV is ThreadSanitizer's to report (Qt Test's handler would start gdb).
"$build/tests/tst_migrations" -nocrashhandler serviceDeletedWhileItsMigrationReports
"$build/tests/tst_databaseworker" -nocrashhandler standbyProbeOutlivesItsConnection
echo "tsan.sh: no data race and no use after free reported"
