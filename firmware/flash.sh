#!/usr/bin/env bash
# Writes NanoStack firmware and the application to an ESP32 board with nanoff, the nanoFramework
# firmware flasher (dotnet tool install -g nanoff). See firmware/README.md for building the files.
#
#   firmware/flash.sh --target ESP32_C3 --port /dev/ttyUSB0 --firmware build/nanoCLR.bin --app App.bin
#   firmware/flash.sh --target ESP32_REV0 --port /dev/ttyUSB0 --stock --app App.bin
#
#   --target T      ESP32_REV0 | ESP32_PSRAM_REV3 | ESP32_C3 | ESP32_S3
#   --port P        serial port of the board (/dev/ttyUSB0, /dev/ttyACM0, COM3)
#   --firmware F    custom nanoCLR.bin (nf-interpreter built with the NanoStack native module)
#   --stock         flash nanoFramework's released firmware for the target instead
#   --app A         deployment image of the application (the .bin next to the app's .pe files)
#   --dry-run       print the nanoff command lines, run nothing
set -euo pipefail

usage() {
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

fail() {
  echo "flash.sh: $*" >&2
  exit 1
}

target=""
port=""
firmware=""
stock=0
app=""
dry_run=0

while [ "$#" -gt 0 ]; do
  case "$1" in
    --target) [ "$#" -ge 2 ] || fail "--target needs a value"; target="$2"; shift 2 ;;
    --port) [ "$#" -ge 2 ] || fail "--port needs a value"; port="$2"; shift 2 ;;
    --firmware) [ "$#" -ge 2 ] || fail "--firmware needs a value"; firmware="$2"; shift 2 ;;
    --stock) stock=1; shift ;;
    --app) [ "$#" -ge 2 ] || fail "--app needs a value"; app="$2"; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    -h|--help) usage ;;
    *) echo "flash.sh: unknown argument: $1" >&2; usage ;;
  esac
done

case "$target" in
  ESP32_REV0|ESP32_PSRAM_REV3|ESP32_C3|ESP32_S3) ;;
  "") fail "--target is required (ESP32_REV0, ESP32_PSRAM_REV3, ESP32_C3 or ESP32_S3)" ;;
  *) fail "unsupported target '$target' (ESP32_REV0, ESP32_PSRAM_REV3, ESP32_C3 or ESP32_S3)" ;;
esac

[ -n "$port" ] || fail "--port is required (e.g. /dev/ttyUSB0)"
if [ -n "$firmware" ] && [ "$stock" -eq 1 ]; then
  fail "--firmware and --stock exclude each other"
fi
if [ -z "$firmware" ] && [ "$stock" -eq 0 ] && [ -z "$app" ]; then
  fail "nothing to do: give --firmware, --stock and/or --app"
fi
if [ -n "$firmware" ] && [ ! -f "$firmware" ]; then
  fail "firmware file not found: $firmware (build nf-interpreter first, see firmware/README.md)"
fi
if [ -n "$app" ] && [ ! -f "$app" ]; then
  fail "application image not found: $app (build the application's .nfproj first)"
fi

if [ "$dry_run" -eq 0 ] && ! command -v nanoff >/dev/null 2>&1; then
  fail "nanoff not found on PATH: install it with 'dotnet tool install -g nanoff' (and add ~/.dotnet/tools to PATH)"
fi

run() {
  if [ "$dry_run" -eq 1 ]; then
    printf '%q ' "$@"
    printf '\n'
  else
    "$@"
  fi
}

if [ -n "$firmware" ]; then
  # custom CLR: nanoff writes the bootloader and partition table for the target and this nanoCLR
  run nanoff --target "$target" --serialport "$port" --update --clrfile "$firmware"
elif [ "$stock" -eq 1 ]; then
  run nanoff --target "$target" --serialport "$port" --update
fi

if [ -n "$app" ]; then
  run nanoff --target "$target" --serialport "$port" --deploy --image "$app"
fi
