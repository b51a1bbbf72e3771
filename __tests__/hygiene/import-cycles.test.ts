import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { REPO_ROOT } from '../../__fixtures__/runner.js'

const SRC = join(REPO_ROOT, 'src')

/**
 * Static relative imports and re-exports, `import type` included: a type-only cycle is
 * still two files that cannot be understood (or moved) apart, which design.md rules out.
 * Dynamic `import()` is left out on purpose: it is how a face defers a heavy module.
 */
const IMPORT_PATTERNS = [
  /^\s*import\s+(?:type\s+)?(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*\s*as\s+[\w$]+)?\s*from\s*['"](\.{1,2}\/[^'"]+)['"]/gm,
  /^\s*export\s+(?:type\s+)?(?:\{[^}]*\}|\*(?:\s*as\s+[\w$]+)?)\s*from\s*['"](\.{1,2}\/[^'"]+)['"]/gm,
  /^\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/gm
]

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** The files `file` imports, resolved from the `.js` specifiers NodeNext requires. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const targets = IMPORT_PATTERNS.flatMap(pattern =>
    [...text.matchAll(pattern)].map(match =>
      resolve(dirname(file), match[1]).replace(/\.js$/, '.ts')
    )
  )
  return [...new Set(targets)]
}

type Graph = Map<string, string[]>

function importGraph(): Graph {
  return new Map(sourceFiles(SRC).map(file => [file, importsOf(file)]))
}

/** Every cycle a depth-first walk meets (one per back edge), as `a.ts -> b.ts -> a.ts`. */
function findCycles(graph: Graph): string[] {
  const done = new Set<string>()
  const path: string[] = []
  const onPath = new Set<string>()
  const cycles: string[] = []
  const name = (file: string): string => relative(REPO_ROOT, file)
  const visit = (file: string): void => {
    path.push(file)
    onPath.add(file)
    for (const next of graph.get(file) ?? []) {
      if (onPath.has(next)) {
        cycles.push([...path.slice(path.indexOf(next)), next].map(name).join(' -> '))
      } else if (!done.has(next)) {
        visit(next)
      }
    }
    onPath.delete(file)
    path.pop()
    done.add(file)
  }
  for (const file of [...graph.keys()].sort()) if (!done.has(file)) visit(file)
  return cycles
}

describe('import graph of src', () => {
  it('resolves every relative import to a file, so no edge is missed', () => {
    const graph = importGraph()
    const missing = [...graph].flatMap(([file, targets]) =>
      targets.filter(target => !existsSync(target)).map(target => `${file} -> ${target}`)
    )
    expect(missing).toEqual([])
    // The walk sees the core's imports at all (a pattern that matched nothing would pass).
    expect(graph.get(join(SRC, 'core', 'run', 'workflow.ts'))?.length).toBeGreaterThan(5)
  })

  it('has no import cycles, type-only imports included', () => {
    expect(findCycles(importGraph())).toEqual([])
  })
})

/**
 * The core's folders bottom up (design.md, "Shape"): a folder imports only folders before
 * it, so none imports one that imports it back.
 */
const CORE_LAYERS = [
  'time',
  'validation',
  'http',
  'api',
  'tasks',
  'cache',
  'watch',
  'spend',
  'run',
  'batch',
  'operation'
]

/** The core's folder graph: an edge for every file of one folder importing a file of another. */
function folderGraph(files: Graph): Graph {
  const core = join(SRC, 'core')
  const folderOf = (file: string): string | null => {
    const [folder, ...rest] = relative(core, file).split('/')
    return rest.length > 0 && !folder.startsWith('..') ? join(core, folder) : null
  }
  const graph: Graph = new Map()
  for (const [file, targets] of files) {
    const from = folderOf(file)
    if (from === null) continue
    const edges = new Set(graph.get(from) ?? [])
    for (const target of targets) {
      const to = folderOf(target)
      if (to !== null && to !== from) edges.add(to)
    }
    graph.set(from, [...edges])
  }
  return graph
}

describe('folder graph of src/core', () => {
  it('has no loops: no folder imports one that imports it back', () => {
    const graph = folderGraph(importGraph())
    expect(graph.size).toBeGreaterThanOrEqual(CORE_LAYERS.length)
    expect(findCycles(graph)).toEqual([])
  })

  it('imports only downwards, in the order design.md gives, and names every folder', () => {
    const graph = folderGraph(importGraph())
    const layer = (folder: string): number => CORE_LAYERS.indexOf(folder.split('/').pop() ?? '')
    expect(
      [...graph.keys()].filter(folder => layer(folder) < 0).map(f => relative(SRC, f))
    ).toEqual([])
    const upward = [...graph].flatMap(([from, targets]) =>
      targets
        .filter(to => layer(to) > layer(from))
        .map(to => `${relative(SRC, from)} -> ${relative(SRC, to)}`)
    )
    expect(upward).toEqual([])
  })
})

describe('findCycles', () => {
  it('names a cycle from its first file back to it', () => {
    const graph: Graph = new Map([
      ['/r/a.ts', ['/r/b.ts']],
      ['/r/b.ts', ['/r/c.ts']],
      ['/r/c.ts', ['/r/a.ts', '/r/d.ts']],
      ['/r/d.ts', []]
    ])
    expect(findCycles(graph).map(cycle => cycle.replace(/[^ ]*\/r\//g, ''))).toEqual([
      'a.ts -> b.ts -> c.ts -> a.ts'
    ])
  })
})
