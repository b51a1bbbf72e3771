// ESM + ts-jest, as in GitHub's typescript-action template.
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }]
  },
  testTimeout: 30000,
  maxWorkers: 2,
  // Each test file's ESM module graph stays in its worker's heap (about 15 MB a file), so a
  // worker ended the run at 1.1 to 1.5 GB RSS and took about 420 ms to be gone after jest
  // asked it to end, of jest's 500 ms grace: on a busy machine it ran over ("a worker
  // process has failed to exit gracefully") with no handle left open. A worker past this
  // limit after a file is replaced; the last ones end near 340 MB and are gone in 135-170 ms,
  // and the whole run takes no longer.
  workerIdleMemoryLimit: '256MB'
}
