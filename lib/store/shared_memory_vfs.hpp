#pragma once
// An SQLite VFS whose files live in this process's memory and can be opened by several
// connections at once, with SQLite's locking between them as the unix VFS keeps it. The in-memory
// store runs on it so that read connections read beside the writer's open transaction: SQLite's
// own memdb VFS refuses new readers as soon as a writer holds RESERVED, which the store's writer
// does through each whole write group. No shared memory, so no WAL (whose frame checksums made
// every write ~15% dearer): readers wait only while a commit copies its pages in.
#include <string>

namespace eddy::store {

// The VFS's name for sqlite3_open_v2, registered on first use.
const char* shared_memory_vfs();
// A name no other database of this process has.
std::string unique_shared_memory_name();
// Frees a database's files (the database and its journal) once no connection has them open.
void remove_shared_memory_database(const std::string& name);

}  // namespace eddy::store
