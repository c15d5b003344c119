// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

/*
 * For tests of things that used to hang: while a PyroWatchdog lives, a thread waits; if
 * the scope has not ended after the given time it prints what hung and ends the process
 * (_Exit, so no destructor can hang as well). A regression fails fast instead of running
 * into ctest's timeout, and never takes the machine's time.
 */
class PyroWatchdog
{
public:
    PyroWatchdog(const char *what, int seconds)
        : m_thread([this, what, seconds] {
              std::unique_lock<std::mutex> lock(m_mutex);
              if (!m_done.wait_for(lock, std::chrono::seconds(seconds), [this] { return m_finished; })) {
                  std::fprintf(stderr, "FAIL! watchdog: '%s' did not finish within %d s (hang)\n", what, seconds);
                  std::fflush(stderr);
                  std::_Exit(3);
              }
          })
    {
    }
    ~PyroWatchdog()
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_finished = true;
        }
        m_done.notify_all();
        m_thread.join();
    }
    PyroWatchdog(const PyroWatchdog &) = delete;
    PyroWatchdog &operator=(const PyroWatchdog &) = delete;

private:
    std::mutex m_mutex;
    std::condition_variable m_done;
    bool m_finished = false;
    std::thread m_thread;
};
