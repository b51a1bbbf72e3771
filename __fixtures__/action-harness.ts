import { afterAll, beforeAll } from '@jest/globals'
import {
  E2E_KEY,
  buildActionBundle,
  removeActionBundle,
  runAction,
  type RunActionOptions,
  type RunActionResult
} from './runner.js'
import {
  useTestSimulator,
  type TestSimulator,
  type TestSimulatorDefaults
} from './test-simulator.js'

/** A test file's defaults: its simulator's (see useTestSimulator), and the steps' kill timeout. */
export interface ActionHarnessDefaults extends Omit<TestSimulatorDefaults, 'key'> {
  /** The key the simulator accepts; default E2E_KEY. */
  key?: string
  /** Kills a step after this long; default the emulator's (60 s). */
  timeoutMs?: number
}

export type StepOptions = Omit<RunActionOptions, 'script' | 'distRoot'>

export interface ActionHarness extends TestSimulator {
  /** Runs `script` of the bundle built for this file through the runner emulation. */
  step(script: RunActionOptions['script'], options: StepOptions): Promise<RunActionResult>
  /** The main step (`dist/index.js`). */
  main(options: StepOptions): Promise<RunActionResult>
  /** The post step (`dist/post.js`). */
  post(options: StepOptions): Promise<RunActionResult>
}

/**
 * The setup every end-to-end test file of the action shares: bundles the action from the
 * current source before all tests (removed after all), starts a simulator per test with
 * `start` (stopped after each, see useTestSimulator), and runs steps of that bundle.
 */
export function useActionHarness({
  key = E2E_KEY,
  timeoutMs,
  ...simulator
}: ActionHarnessDefaults): ActionHarness {
  let distRoot = ''
  beforeAll(async () => {
    distRoot = await buildActionBundle()
  })
  afterAll(async () => {
    await removeActionBundle(distRoot)
  })
  const stepDefaults = timeoutMs === undefined ? {} : { timeoutMs }
  const step = (script: RunActionOptions['script'], options: StepOptions) =>
    runAction({ script, distRoot, ...stepDefaults, ...options })
  return {
    ...useTestSimulator({ key, ...simulator }),
    step,
    main: options => step('dist/index.js', options),
    post: options => step('dist/post.js', options)
  }
}
