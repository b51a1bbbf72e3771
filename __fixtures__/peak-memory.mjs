// The peak memory of the current process, for the memory tests' child processes. Two
// peaks: resourceUsage().maxRSS, and Linux's VmHWM. On Linux maxRSS survives fork + exec,
// so a child spawned by a 300 MB parent reports at least 300 MB whatever it does itself;
// VmHWM belongs to the new address space and is this process's own (null elsewhere).
import { readFileSync } from 'node:fs'

function ownPeakKb() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))
    return match ? Number(match[1]) : null
  } catch {
    return null
  }
}

/** `{ maxRssKb, ownPeakKb }`, both in kB. */
export function peakMemory() {
  return { maxRssKb: process.resourceUsage().maxRSS, ownPeakKb: ownPeakKb() }
}
