<#
.SYNOPSIS
Writes NanoStack firmware and the application to an ESP32 board with nanoff, the nanoFramework
firmware flasher (dotnet tool install -g nanoff). See firmware/README.md for building the files.

.EXAMPLE
firmware/flash.ps1 -Target ESP32_C3 -Port COM3 -Firmware build\nanoCLR.bin -App App.bin

.EXAMPLE
firmware/flash.ps1 -Target ESP32_REV0 -Port COM3 -Stock -App App.bin -DryRun
#>
[CmdletBinding()]
param(
    # ESP32_REV0 | ESP32_PSRAM_REV3 | ESP32_C3 | ESP32_S3
    [Parameter(Mandatory = $true)]
    [ValidateSet('ESP32_REV0', 'ESP32_PSRAM_REV3', 'ESP32_C3', 'ESP32_S3')]
    [string] $Target,

    # serial port of the board (COM3, /dev/ttyUSB0)
    [Parameter(Mandatory = $true)]
    [string] $Port,

    # custom nanoCLR.bin (nf-interpreter built with the NanoStack native module)
    [string] $Firmware = '',

    # flash nanoFramework's released firmware for the target instead
    [switch] $Stock,

    # deployment image of the application (the .bin next to the app's .pe files)
    [string] $App = '',

    # print the nanoff command lines, run nothing
    [switch] $DryRun
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Fail([string] $message) {
    Write-Error "flash.ps1: $message"
    exit 1
}

if ($Firmware -and $Stock) { Fail '-Firmware and -Stock exclude each other' }
if (-not $Firmware -and -not $Stock -and -not $App) { Fail 'nothing to do: give -Firmware, -Stock and/or -App' }
if ($Firmware -and -not (Test-Path -LiteralPath $Firmware -PathType Leaf)) {
    Fail "firmware file not found: $Firmware (build nf-interpreter first, see firmware/README.md)"
}
if ($App -and -not (Test-Path -LiteralPath $App -PathType Leaf)) {
    Fail "application image not found: $App (build the application's .nfproj first)"
}
if (-not $DryRun -and -not (Get-Command nanoff -ErrorAction SilentlyContinue)) {
    Fail "nanoff not found on PATH: install it with 'dotnet tool install -g nanoff'"
}

function Invoke-Nanoff([string[]] $arguments) {
    if ($DryRun) {
        Write-Output ('nanoff ' + ($arguments -join ' '))
        return
    }
    & nanoff @arguments
    if ($LASTEXITCODE -ne 0) { Fail "nanoff exited with $LASTEXITCODE" }
}

if ($Firmware) {
    # custom CLR: nanoff writes the bootloader and partition table for the target and this nanoCLR
    Invoke-Nanoff @('--target', $Target, '--serialport', $Port, '--update', '--clrfile', $Firmware)
}
elseif ($Stock) {
    Invoke-Nanoff @('--target', $Target, '--serialport', $Port, '--update')
}

if ($App) {
    Invoke-Nanoff @('--target', $Target, '--serialport', $Port, '--deploy', '--image', $App)
}
