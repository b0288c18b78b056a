// What a store write costs when the write before it ran on the other core, against the same
// core: the price two io threads pay when their writes take turns on the store.
//
//   build/bin/store_core_migration [writes]
//
// Each mode runs the same SendMessage-shaped INSERT and COMMIT, one at a time, handed between
// threads; only the write itself is timed, in the writing thread's own CPU time (so neither the
// hand-over nor other processes on a busy machine count). same: one thread on core 1. other_core:
// two threads on cores 0 and 1 taking turns. same_core: two threads both on core 1 taking turns
// (a thread switch without a core switch). Measured (2-core VM, busy, three runs): same 2.55-2.85
// µs, other_core 8.4-8.6 µs, same_core 2.85-2.9 µs: the writer's working set (SQLite's
// connection, statements and cached pages) moving between cores costs ~6 µs per move, whichever
// journal mode (MEMORY alike).

#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>
#include <thread>

#include "store/store.hpp"
#include "store/transaction.hpp"

namespace {

using eddy::store::Store;
using eddy::store::Transaction;

double thread_cpu_ns() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e9 + static_cast<double>(now.tv_nsec);
}

void pin_to(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

void write_one(Store& store, std::int64_t n) {
  auto lock = store.lock();
  Transaction tx(store.db());
  store.db()
      .query("INSERT INTO messages (queue, body, visible_at, attributes) VALUES (?, ?, ?, ?)")
      ->bind(1, n % 3)
      .bind(2, std::string_view(R"({"sensor":"s-17","db":71.5})"))
      .bind(3, n)
      .bind(4, std::string_view(R"({"city":{"DataType":"String","StringValue":"Chicago"}})"))
      .run();
  tx.commit();
}

// Mean CPU time of a write, `writes` per thread, handing the turn to the other thread after each
// write when `pass_turn`.
double measure(Store& store, int writes, int threads, const int cpus[2], bool pass_turn) {
  std::atomic<int> turn{0};
  std::atomic<std::int64_t> written{0};
  double spent[2] = {0, 0};
  auto writer = [&](int me) {
    pin_to(cpus[me]);
    for (int i = 0; i < writes; ++i) {
      while (turn.load(std::memory_order_acquire) != me) std::this_thread::yield();
      double began = thread_cpu_ns();
      write_one(store, written.fetch_add(1));
      spent[me] += thread_cpu_ns() - began;
      turn.store(pass_turn ? 1 - me : me, std::memory_order_release);
    }
  };
  std::thread first(writer, 0);
  std::thread second;
  if (threads == 2) second = std::thread(writer, 1);
  first.join();
  if (second.joinable()) second.join();
  return (spent[0] + spent[1]) / (threads * writes);
}

}  // namespace

int main(int argc, char** argv) {
  int writes = argc > 1 ? std::atoi(argv[1]) : 20000;
  Store store("");
  {
    auto lock = store.lock();
    store.db().exec(
        "CREATE TABLE messages (id INTEGER PRIMARY KEY, queue INTEGER, body TEXT, "
        "visible_at INTEGER, attributes TEXT); "
        "CREATE INDEX messages_by_queue ON messages (queue, visible_at)");
  }
  const int one_core[2] = {1, 1};
  const int two_cores[2] = {1, 0};
  measure(store, 2000, 1, one_core, false);  // warm up
  std::printf("same        %6.0f ns/write\n", measure(store, writes, 1, one_core, false));
  std::printf("other_core  %6.0f ns/write\n", measure(store, writes, 2, two_cores, true));
  std::printf("same_core   %6.0f ns/write\n", measure(store, writes / 2, 2, one_core, true));
}
