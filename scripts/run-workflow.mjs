// The seed skill's entry point: `node scripts/run-workflow.mjs --model t2v --payload '{...}'`.
// A thin shim over the bundled CLI; run `npm run build` first when working from source.
import { runCli } from '../dist/cli.js'

process.exitCode = await runCli(process.argv.slice(2))
