#
# The native event driver "NanoStackEsp32" (defined in NanoStack_Board_Esp32.cpp). Listing it in
# NF_INTEROP_ASSEMBLIES puts its record, g_CLR_AssemblyNative_NanoStackEsp32, into the CLR's
# interop table, where new NativeEventDispatcher("NanoStackEsp32", 0) looks it up by name. Its
# code is compiled with NanoStack.Board.Esp32, so this module adds no sources.
#

set(NanoStackEsp32_INCLUDE_DIRS ${NANOSTACK_NATIVE_DIR})
set(NanoStackEsp32_SOURCES "")

include(FindPackageHandleStandardArgs)
FIND_PACKAGE_HANDLE_STANDARD_ARGS(INTEROP-NanoStackEsp32 DEFAULT_MSG NanoStackEsp32_INCLUDE_DIRS)
