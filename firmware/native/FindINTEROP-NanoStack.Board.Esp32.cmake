#
# nf-interpreter interop module for the managed assembly NanoStack.Board.Esp32.
#
# nf-interpreter's ParseInteropAssemblies() calls find_package(INTEROP-<name>) for each name in
# NF_INTEROP_ASSEMBLIES and expects <name>_INCLUDE_DIRS and <name>_SOURCES from this file. Copy
# it (and FindINTEROP-NanoStackEsp32.cmake) to nf-interpreter/CMake/Modules, set
# NANOSTACK_NATIVE_DIR to this folder, and configure the target with
#   -DNF_INTEROP_ASSEMBLIES="NanoStack.Board.Esp32 NanoStackEsp32"
#

if(NOT NANOSTACK_NATIVE_DIR)
    message(FATAL_ERROR "Set NANOSTACK_NATIVE_DIR to NanoStack's firmware/native folder")
endif()

list(APPEND NanoStack.Board.Esp32_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/CLR/Core)
list(APPEND NanoStack.Board.Esp32_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/CLR/Include)
list(APPEND NanoStack.Board.Esp32_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/HAL/Include)
list(APPEND NanoStack.Board.Esp32_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/PAL/Include)
list(APPEND NanoStack.Board.Esp32_INCLUDE_DIRS ${NANOSTACK_NATIVE_DIR})

# the interop method table, the InternalCall implementations, the Wi-Fi frame ring
set(NanoStack.Board.Esp32_SRCS
    NanoStack_Board_Esp32.cpp
    NanoStack_Board_Esp32_NanoStack_Board_Esp32_Esp32Native.cpp
    nanostack_wifi_frames.cpp
)

foreach(SRC_FILE ${NanoStack.Board.Esp32_SRCS})
    set(NanoStack.Board.Esp32_SRC_FILE SRC_FILE-NOTFOUND)
    find_file(NanoStack.Board.Esp32_SRC_FILE ${SRC_FILE}
        PATHS ${NANOSTACK_NATIVE_DIR}
        CMAKE_FIND_ROOT_PATH_BOTH
    )
    if(NOT NanoStack.Board.Esp32_SRC_FILE)
        message(FATAL_ERROR "NanoStack native module: ${SRC_FILE} not found in ${NANOSTACK_NATIVE_DIR}")
    endif()
    list(APPEND NanoStack.Board.Esp32_SOURCES ${NanoStack.Board.Esp32_SRC_FILE})
endforeach()

# 8 slots x 1600 bytes by default (nanostack_wifi_frames.h); a target may pass fewer
if(NANOSTACK_FRAME_RING_SLOTS)
    set_property(SOURCE ${NANOSTACK_NATIVE_DIR}/nanostack_wifi_frames.cpp
        APPEND PROPERTY COMPILE_DEFINITIONS NANOSTACK_FRAME_RING_SLOTS=${NANOSTACK_FRAME_RING_SLOTS})
endif()

include(FindPackageHandleStandardArgs)
FIND_PACKAGE_HANDLE_STANDARD_ARGS(INTEROP-NanoStack.Board.Esp32 DEFAULT_MSG
    NanoStack.Board.Esp32_INCLUDE_DIRS NanoStack.Board.Esp32_SOURCES)
