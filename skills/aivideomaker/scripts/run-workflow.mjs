#!/usr/bin/env node
// The skill's entry point (the seed's contract): `node scripts/run-workflow.mjs --model t2v --payload '{...}'`.
// aivideomaker.mjs beside it is the whole CLI in one file (a copy of the package's dist/cli.js,
// written by scripts/build.mjs), so an installed skill needs no clone and no npm install.
import { runCli } from './aivideomaker.mjs'

process.exitCode = await runCli(process.argv.slice(2))
