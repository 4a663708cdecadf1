#include "DetachedTask.h"

#include <system_error>
#include <thread>

bool DetachedTask::start(std::function<void()> work)
{
    try {
        std::thread(std::move(work)).detach();
        return true;
    } catch (const std::system_error&) {
        return false; // out of threads: a cancel not sent leaves the statement to its timeout
    }
}
