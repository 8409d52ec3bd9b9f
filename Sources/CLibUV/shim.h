#pragma once
// Local shim so the module map finds libuv through the system include path.
#include <uv.h>
