#include "CLibraryLoader.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

void *csm_library_open(const char *variable, const char *soname, char *failure, size_t capacity) {
  const char *chosen = getenv(variable);
  if (chosen == NULL || chosen[0] == '\0') chosen = soname;
  void *handle = dlopen(chosen, RTLD_LAZY | RTLD_LOCAL);
  if (handle == NULL) {
    const char *reason = dlerror();
    snprintf(failure, capacity, "%s", reason != NULL ? reason : chosen);
  }
  return handle;
}

void *csm_library_symbol(void *handle, const char *name, char *failure, size_t capacity) {
  dlerror();
  void *address = dlsym(handle, name);
  if (address == NULL) {
    const char *reason = dlerror();
    snprintf(failure, capacity, "%s", reason != NULL ? reason : name);
  }
  return address;
}
