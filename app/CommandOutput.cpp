#include "CommandOutput.h"

#include "CommandConnection.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace {

int g_failedErrno = 0; // the first write error on stdout

void remember()
{
    if (g_failedErrno == 0)
        g_failedErrno = errno != 0 ? errno : EIO;
}

} // namespace

bool CommandOutput::write(QByteArrayView bytes)
{
    if (g_failedErrno != 0)
        return false;
    errno = 0;
    const auto size = static_cast<size_t>(bytes.size());
    if (std::fwrite(bytes.data(), 1, size, stdout) != size || std::ferror(stdout)) {
        remember();
        return false;
    }
    return true;
}

int CommandOutput::finish(int exitCode)
{
    errno = 0;
    if (g_failedErrno == 0 && (std::fflush(stdout) != 0 || std::ferror(stdout)))
        remember();
    if (g_failedErrno == 0 || exitCode != 0)
        return exitCode;
    return CommandConnection::fail(
        tr("Could not write the output: %1. The result is incomplete; check the free space "
           "where it goes, or the program it is piped to, and run the command again.")
            .arg(QString::fromLocal8Bit(std::strerror(g_failedErrno))));
}
