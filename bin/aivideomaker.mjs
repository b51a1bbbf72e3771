#!/usr/bin/env node
// `npx aivideomaker ...`: the same CLI as scripts/run-workflow.mjs.
import { runCli } from '../dist/cli.js'

process.exitCode = await runCli(process.argv.slice(2))
