#!/usr/bin/env node
// The `aivideomaker-sim` command; the simulator itself is bundled into dist/sim.js.
import { runSimulatorCli } from '../dist/sim.js'

runSimulatorCli(process.argv.slice(2)).catch(error => {
  const message = error instanceof Error ? error.message : String(error)
  process.stderr.write(`aivideomaker-sim: ${message}\nRun aivideomaker-sim --help for usage.\n`)
  process.exitCode = 2
})
